import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The county-style samples live beside the checkout in ../shared/samples. */
export const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/samples');
export const sample = (name: string) => path.join(SAMPLES, name);
