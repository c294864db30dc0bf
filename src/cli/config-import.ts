import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { CONFIG_IMPORTERS } from '../config/import/index.js';
import { renderImportedConfig } from '../config/import/render.js';
import { emptyImport } from '../config/import/types.js';
import { writeReport } from '../report/write.js';
import { defineCommand } from './command.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';

const TOOLS = [...CONFIG_IMPORTERS.keys()];

export const configImportCommand = defineCommand({
  name: 'import',
  description: "Translate another scanner's configuration into .rampart.yaml: checks turned off or on, and exemptions, for the rules that check exactly the same thing; what has no equivalent is listed as comments",
  arguments: '<files...>',
  options: [{ flags: '--from <tool>', description: 'the tool the files configure', choices: TOOLS }, OUTPUT_OPTION],
  examples: ['rampart config import --from kube-linter .kube-linter.yaml -o .rampart.yaml', 'rampart config import --from polaris polaris.yaml'],
  run(args, options, io) {
    const importer = typeof options.from === 'string' ? CONFIG_IMPORTERS.get(options.from) : undefined;
    if (!importer) {
      io.error(`rampart config import: say which tool the files configure with --from (${TOOLS.join(', ')})`);
      return 2;
    }
    const imported = emptyImport();
    for (const file of args) {
      let document: unknown;
      try {
        document = yaml.load(readFileSync(file, 'utf8'), { filename: file });
      } catch (error) {
        if (error instanceof yaml.YAMLException) io.error(`rampart config import: ${file}:${(error.mark?.line ?? 0) + 1}:${(error.mark?.column ?? 0) + 1}: invalid YAML: ${error.reason}`);
        else io.error(`rampart config import: ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
        return 2;
      }
      importer.read(document ?? {}, file, imported);
    }
    writeReport(outputFile(options), renderImportedConfig(imported, `${importer.tool} configuration ${args.join(', ')}`));
    io.error(`imported ${imported.off.size + imported.on.size} rule settings and ${imported.exemptions.length} exemptions; ${imported.notImported.length} settings not imported (listed at the end)`);
    return 0;
  },
});
