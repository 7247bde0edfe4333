/**
 * Part of `npm run build`: copies the non-TypeScript files under src/ (SQL migrations, default
 * policy YAML…) next to the compiled JavaScript in dist/src/, where the modules look for them.
 */
import { cpSync } from 'node:fs';

cpSync('src', 'dist/src', { recursive: true, filter: (source) => !source.endsWith('.ts') });
