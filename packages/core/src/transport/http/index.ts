export type * from './http.types';
