#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load';
import { COMMANDS, findCommand, runCommand } from './commands';

const USAGE = `Usage: centinela <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.usage.padEnd(44)} ${c.summary}`).join('\n')}

Settings come from environment variables (see README); --help on a command shows its options.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (positionals.length === 0 || (values.help === true && positionals.length === 0)) {
    process.stdout.write(`${USAGE}\n`);
    return positionals.length === 0 && values.help !== true ? 2 : 0;
  }
  const command = findCommand(positionals[0]);
  if (command === undefined) {
    process.stderr.write(`Unknown command "${positionals[0]}". Run centinela --help for the list.\n`);
    return 2;
  }
  if (command.needsConfig === false) return runCommand(command, argv, undefined);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`centinela: cannot start. ${error.message}\n`);
      return 78; // EX_CONFIG from sysexits.h
    }
    throw error;
  }
  return runCommand(command, argv, config);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || !process.argv.includes('start')) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`centinela: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
