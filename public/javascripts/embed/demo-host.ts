// /embed/demo plays a host page: it sizes its iframe from the frame's height messages,
// exactly as the README's listener does, accepting them only from the frame's origin.
import { isEmbedHeightMessage } from '../../../lib/contract/embed.ts';

const MAX_FRAME_HEIGHT = 2_000; // px; a frame never takes over the host page

const frame = document.querySelector<HTMLIFrameElement>('#embed-frame');
window.addEventListener('message', (event) => {
  if (!frame || event.origin !== window.location.origin || event.source !== frame.contentWindow) return;
  if (isEmbedHeightMessage(event.data)) frame.style.height = `${Math.min(event.data.height, MAX_FRAME_HEIGHT)}px`;
});
