export { withClient } from '../connection/with-client.js';
