// `npm run bench`: every benchmark in turn; each prints its figures beside the Docker floor.
import { timeToShell } from './time-to-shell.js';

await timeToShell();
process.exit(0);
