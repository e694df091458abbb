export * from './load';
export * from './plugin-seeds';
export * from './settings';
