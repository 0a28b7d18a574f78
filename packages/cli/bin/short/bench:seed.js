#!/usr/bin/env node
// `pnpm bench:seed` in this workspace: the short form of an `ainp` command (see launch.js).
import { launchShortForm } from '../launch.js';

await launchShortForm(import.meta.url);
