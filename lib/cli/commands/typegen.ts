/**
 * `wxpay typegen`: declarations for a user's own Swagger 2.0 / OpenAPI 3 description (a new or private API),
 * merged into the chain's `Endpoints` so its paths are typed on the property chain, `chain('…')` and brackets.
 * JSON is read as is; YAML once the optional `yaml` package is installed. See docs/types.md.
 *
 * @module
 */

import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { TypegenError } from '../../errors/typegen-error.js';
import { augmentationFile, typedOperations } from '../../typegen/generate.js';
import { fileReader, optionalYaml, rootFiles } from '../../typegen/load.js';
import { readDescriptions } from '../../typegen/read-description.js';
import { stringOption } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { ExitCode } from '../exit.js';
import { resolvePath } from '../files.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usage-error.js';

/** Reads the descriptions and writes the declaration file (or prints it). */
function generate(args: ParsedArgs, io: CliIo): number {
  if (args.positionals.length === 0) throw new UsageError('Name the description file or folder: wxpay typegen api.yaml -o api.d.ts.', 'typegen');
  const moduleName = stringOption(args, 'module') ?? 'wechatpay-ts';
  const output = stringOption(args, 'output');
  try {
    const read = fileReader(optionalYaml());
    const files = args.positionals.flatMap((path) => rootFiles(resolvePath(path, io.cwd, io.home), read));
    const names = files.map((file) => relative(io.cwd, file) || file);
    const model = readDescriptions(files, read, { source: names.join(', '), strict: true });
    const text = augmentationFile(model, `wxpay typegen from ${names.join(', ')}`, moduleName);
    const { typed, left } = typedOperations(model);
    if (output === undefined) {
      io.stdout.write(text);
    } else {
      const target = resolvePath(output, io.cwd, io.home);
      try {
        writeFileSync(target, text);
      } catch (cause) {
        throw new TypegenError(target, '', `cannot be written (${(cause as NodeJS.ErrnoException).code ?? String(cause)}).`, { cause });
      }
      io.stderr.write(`wxpay typegen: ${typed.length} operation(s) typed in ${output}\n`);
    }
    for (const op of left) io.stderr.write(`wxpay typegen: left out ${op.method.toUpperCase()} /${op.path}: the chain cannot send this path as written (upper-case letters).\n`);
    return ExitCode.OK;
  } catch (error) {
    if (!(error instanceof TypegenError)) throw error;
    io.stderr.write(`wxpay typegen: ${error.message}\n`);
    return ExitCode.USAGE;
  }
}

/** {@link generate} as a command: a throw rejects. */
function run(args: ParsedArgs, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    resolve(generate(args, io));
  });
}

/** `wxpay typegen`. */
export const typegenCommand: Command = {
  name: 'typegen',
  summary: 'Type your own Swagger 2 / OpenAPI 3 description on the chain (a .d.ts that merges into Endpoints).',
  usage: 'wxpay typegen <file-or-folder>… [-o out.d.ts] [--module NAME]',
  description:
    'Reads Swagger 2.0 or OpenAPI 3 descriptions (a file, or every description at the top of a folder; $refs into other files are followed) and writes a declaration file that merges their operations into the Endpoints of wechatpay-ts: include it in your tsconfig and the paths are typed like the catalogue\'s. JSON is read as is; YAML needs the yaml package (npm install --save-dev yaml). An error names the file and the construct it cannot read.',
  options: {
    output: { type: 'string', short: 'o', value: 'FILE', description: 'Write the declarations to FILE (default: standard output).' },
    module: { type: 'string', value: 'NAME', description: 'The module to augment (default: wechatpay-ts).' },
  },
  positionals: true,
  examples: ['wxpay typegen openapi.json -o types/my-api.d.ts', 'wxpay typegen ./descriptions/ -o types/my-api.d.ts'],
  run,
};
