/**
 * zod for every schema of ours: its tree-shakable flavour, zod/mini, with the
 * English messages classic zod loads by itself. Classic zod attaches some 40
 * methods to every schema it builds and brings all of itself along; building
 * the contract's and the settings' schemas with it was ~35 ms of a
 * `peregrine get`'s start-up (bench (s)), mini's the same checks a few ms.
 */
import { en } from 'zod/locales';
import { z } from 'zod/mini';

z.config(en());

export { z };
