// esbuild bundles imported stylesheets into public/build/app.css.
declare module '*.css';
