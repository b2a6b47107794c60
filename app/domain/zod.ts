/**
 * zod for every schema of ours: its tree-shakable flavour, zod/mini, with the
 * English messages classic zod loads by itself. Classic zod attaches dozens of
 * methods to every schema it builds and brings all of itself along: building
 * the settings' and tasks.add's schemas took 24 ms with it, 10.5 ms with mini,
 * their first parses 11 ms and 2 ms; `peregrine get` spent ~30–40 ms less CPU
 * before its request (bench (s), on a busy 2-core machine).
 */
import { en } from 'zod/locales';
import { z } from 'zod/mini';

z.config(en());

export { z };
