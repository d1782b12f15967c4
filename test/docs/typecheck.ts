// Type-checks every generated example module in one TypeScript program, under the repository's
// compiler options (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, module nodenext),
// and reports each error at the guide line it comes from.
import { join } from 'node:path';
import ts from 'typescript';
import { guidePosition, type ExampleUnit } from './generate.js';

/** Type errors by unit path; `global` holds those that belong to no example. */
export interface TypecheckReport {
  byUnit: Map<string, string[]>;
  global: string[];
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, allowJs: true, checkJs: true, noEmit: true, incremental: false };
}

/** Checks the units' modules (with the SDK sources they import) and maps the errors to the guides. */
export function typecheckUnits(root: string, units: readonly ExampleUnit[]): TypecheckReport {
  const options = compilerOptions(root);
  const ambient = ts.sys.readDirectory(join(root, 'src/types'), ['.d.ts']);
  const program = ts.createProgram({ rootNames: [...units.map((unit) => unit.path), ...ambient], options });
  const byPath = new Map(units.map((unit) => [ts.sys.resolvePath(unit.path), unit]));
  const report: TypecheckReport = { byUnit: new Map(), global: [] };
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...units.flatMap((unit) => {
      const source = program.getSourceFile(unit.path);
      return source === undefined ? [] : [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const unit = diagnostic.file === undefined ? undefined : byPath.get(ts.sys.resolvePath(diagnostic.file.fileName));
    if (unit === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      report.global.push(`error TS${diagnostic.code}: ${message}`);
      continue;
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const errors = report.byUnit.get(unit.path) ?? [];
    errors.push(`${guidePosition(unit, line + 1)}:${character + 1} error TS${diagnostic.code}: ${message}`);
    report.byUnit.set(unit.path, errors);
  }
  return report;
}
