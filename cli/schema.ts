/** `npm run schema`: writes platform.schema.json at the project root, from the zod schema of the platform file. */
import * as fs from 'fs';
import * as path from 'path';
import { PLATFORM_SCHEMA_FILE, platformJsonSchema, projectRoot } from '../src/config';

const file = path.join(projectRoot(), PLATFORM_SCHEMA_FILE);
fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(platformJsonSchema(), null, 2)}\n`);
fs.renameSync(`${file}.tmp`, file);
console.log(`wrote ${PLATFORM_SCHEMA_FILE}`);
