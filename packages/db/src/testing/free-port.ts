export { freePort } from '../connection/free-port.js';
