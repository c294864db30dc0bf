import { formatProblem } from '../core/result.js';
import { readInput } from '../inputs/read.js';
import { IMPORT_TOOLS } from '../config/import/tools.js';
import { writeReport } from '../report/write.js';
import { defineCommand } from './command.js';
import { OUTPUT_OPTION, outputFile } from './output-option.js';

const TOOLS = IMPORT_TOOLS.map((t) => t.id);

export const configImportCommand = defineCommand({
  name: 'import',
  description: "Translate another scanner's configuration (kube-linter, kube-score command lines, Polaris, Checkov, Trivy ignore files, Kubescape exceptions) into .rampart.yaml: checks turned off or on, and exemptions, for the rules that check exactly the same thing; what has no equivalent is listed as comments",
  arguments: '<files...>',
  options: [{ flags: '--from <tool>', description: `the tool the files configure: ${IMPORT_TOOLS.map((t) => `${t.id} (${t.fileNames.join(', ')})`).join(', ')}`, choices: TOOLS }, OUTPUT_OPTION],
  examples: ['rampart config import --from kube-linter .kube-linter.yaml -o .rampart.yaml', 'rampart config import --from polaris polaris.yaml', 'rampart config import --from trivy .trivyignore'],
  async run(args, options, io) {
    const [{ CONFIG_IMPORTERS }, { importedSettings, renderImportedConfig }, { dropUncompiledCustomRules }, { ImportInputError, emptyImport }] = await Promise.all([
      import('../config/import/index.js'),
      import('../config/import/render.js'),
      import('../config/import/custom-rules.js'),
      import('../config/import/types.js'),
    ]);
    const importer = typeof options.from === 'string' ? CONFIG_IMPORTERS.get(options.from) : undefined;
    if (!importer) {
      io.error(`rampart config import: say which tool the files configure with --from (${TOOLS.join(', ')})`);
      return 2;
    }
    const imported = emptyImport();
    for (const file of args) {
      const input = readInput(file);
      if (!input.ok) {
        io.error(`rampart config import: ${formatProblem(input.error)}`);
        return 2;
      }
      try {
        importer.read(input.value.text, input.value.name, imported);
      } catch (error) {
        if (!(error instanceof ImportInputError)) throw error;
        io.error(`rampart config import: ${error.message}`);
        return 2;
      }
    }
    await dropUncompiledCustomRules(imported);
    writeReport(outputFile(options), renderImportedConfig(imported, `${importer.tool} configuration ${args.join(', ')}`, outputFile(options)));
    const settings = importedSettings(imported);
    io.error(`imported ${settings > 0 ? `${count(settings, 'scan setting')}, ` : ''}${count(imported.off.size + imported.on.size, 'rule setting')}${imported.customRules.length > 0 ? `, ${count(imported.customRules.length, 'custom rule')}` : ''} and ${count(imported.exemptions.length, 'exemption')}; ${count(imported.notImported.length, 'setting')} not imported (listed at the end)`);
    return 0;
  },
});

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
