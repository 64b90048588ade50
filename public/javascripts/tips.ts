// The "Search tips" popover: plain text, so it can never carry markup.
import { Popover } from 'bootstrap';

export const SEARCH_TIPS = [
  'A space means AND: red car finds posts with both words.',
  'A comma means OR: cats, dogs finds either.',
  'A minus mutes: cats -dogs hides posts that mention dogs.',
  '#cats finds only the hashtag; cats finds both.',
  'Case and punctuation never matter.',
  'Language keeps posts whose authors tagged them with that language.',
  'Share a search by copying the address bar.',
].join('\n');

/** Turns the button into a popover toggle that Escape also closes. */
export function attachSearchTips(button: HTMLElement): Popover {
  const popover = new Popover(button, {
    title: 'Search tips',
    content: SEARCH_TIPS,
    html: false,
    trigger: 'click',
    placement: 'bottom',
    customClass: 'search-tips',
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') popover.hide();
  });
  return popover;
}
