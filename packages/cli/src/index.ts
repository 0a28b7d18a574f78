export { main, overview, longestMatch } from './main.js';
export { findCommand, loadAllCommands } from './command-table.js';
