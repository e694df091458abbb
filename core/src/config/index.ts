export * from './load';
export * from './settings';
