/** Set by vite.config.ts (`define`): the package version, or RESTYLE_BUILD_ID when given. */
declare const __RESTYLE_BUILD_ID__: string;
