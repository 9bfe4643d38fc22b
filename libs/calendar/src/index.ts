export * from './street-calendar';
