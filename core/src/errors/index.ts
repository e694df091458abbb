export * from './problem';
export * from './codes';
