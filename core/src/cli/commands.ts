import { parseArgs } from 'node:util';
import type { AppConfig } from '../config/load';
import { migrateDown, migrateUp } from '../db/migrations';
import { createCentinela, type Centinela } from '../server';
import { loadBuiltinPlugins } from './builtin-plugins';
import { startServer } from './start';

interface Command {
  name: string;
  usage: string;
  summary: string;
  /** False for commands that work on files alone and must run anywhere, without settings. */
  needsConfig?: boolean;
  run(args: string[], config: AppConfig | undefined): Promise<number>;
}

/** Open Centinela without listening and without background jobs, for one-off commands. */
async function openOffline(config: AppConfig): Promise<Centinela> {
  return createCentinela({ config, plugins: await loadBuiltinPlugins(), offline: true });
}

async function withCentinela(config: AppConfig, action: (centinela: Centinela) => Promise<number>): Promise<number> {
  const centinela = await openOffline(config);
  try {
    return await action(centinela);
  } finally {
    await centinela.close();
  }
}

export const COMMANDS: Command[] = [
  {
    name: 'start',
    usage: 'start',
    summary: 'Start the server (portal, API, plugins).',
    run: (_args, config) => startServer(required(config)),
  },
  {
    name: 'evidence',
    usage: 'evidence verify FILE MANIFEST [--public-key KEY]',
    summary: 'Check an exported file against its signed manifest, offline.',
    needsConfig: false,
    async run(args) {
      const rest = args.slice(args.indexOf('evidence') + 1);
      if (rest[0] !== 'verify') {
        process.stderr.write('Usage: centinela evidence verify FILE MANIFEST [--public-key KEY]\n');
        return 2;
      }
      const { runEvidenceVerifyCommand } = await import('@centinela/plugin-evidence-vault/engine');
      return runEvidenceVerifyCommand(rest.slice(1));
    },
  },
  {
    name: 'backup',
    usage: 'backup restore-test --day YYYY-MM-DD [--sample N] [--site S]',
    summary: 'Restore a sample of a backed-up day and check it against the source.',
    async run(args, maybeConfig) {
      const config = required(maybeConfig);
      const rest = args.slice(args.indexOf('backup') + 1);
      if (rest[0] !== 'restore-test') {
        process.stderr.write('Usage: centinela backup restore-test --day YYYY-MM-DD [--sample N] [--site S]\n');
        return 2;
      }
      const { restoreTestCommand } = await import('@centinela/plugin-gdrive-backup');
      return withCentinela(config, (centinela) => restoreTestCommand(rest.slice(1), centinela));
    },
  },
  {
    name: 'audit',
    usage: 'audit verify [--json]',
    summary: 'Walk the audit log hash chain and name the first broken entry.',
    async run(args, maybeConfig) {
      const config = required(maybeConfig);
      const rest = args.slice(args.indexOf('audit') + 1);
      if (rest[0] !== 'verify') {
        process.stderr.write('Usage: centinela audit verify [--json]\n');
        return 2;
      }
      const { runAuditVerifyCommand } = await import('@centinela/plugin-audit');
      return withCentinela(config, (centinela) => runAuditVerifyCommand(rest.slice(1), centinela));
    },
  },
  {
    name: 'rotate-secret-key',
    usage: 'rotate-secret-key [--new-key-file FILE]',
    summary: 'Re-encrypt TOTP secrets under a new CENTINELA_SECRET_KEY and sign everyone out.',
    async run(args, maybeConfig) {
      const config = required(maybeConfig);
      const rest = args.slice(args.indexOf('rotate-secret-key') + 1);
      const { rotateSecretKeyCommand } = await import('@centinela/plugin-auth-mfa');
      return withCentinela(config, (centinela) => rotateSecretKeyCommand(rest, centinela));
    },
  },
  {
    name: 'migrate',
    usage: 'migrate [--down PLUGIN]',
    summary: 'Apply pending migrations, or undo one plugin’s migrations.',
    async run(args, maybeConfig) {
      const config = required(maybeConfig);
      const { values } = parseArgs({ args, options: { down: { type: 'string' } }, allowPositionals: true });
      return withCentinela(config, async (centinela) => {
        if (values.down !== undefined) {
          const plugin = centinela.registry.get(values.down);
          const undone = await migrateDown(centinela.database.orm, values.down, plugin.manifest.migrations);
          process.stdout.write(`Undid ${undone.length} migration(s) of ${values.down}: ${undone.join(', ') || 'none'}\n`);
          return 0;
        }
        for (const plugin of centinela.registry.plugins) {
          const applied = await migrateUp(centinela.database.orm, plugin.manifest.name, plugin.manifest.migrations);
          process.stdout.write(`${plugin.manifest.name}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`);
        }
        return 0;
      });
    },
  },
  {
    name: 'create-user',
    usage: 'create-user --email E --role R [--password P]',
    summary: 'Create a user (prints a one-time password when none is given).',
    async run(args, maybeConfig) {
      const config = required(maybeConfig);
      const { values } = parseArgs({
        args,
        allowPositionals: true,
        options: { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
      });
      if (values.email === undefined || values.role === undefined) {
        process.stderr.write('create-user needs --email and --role (SuperAdmin, Admin or ReadOnly).\n');
        return 2;
      }
      return withCentinela(config, async (centinela) => {
        const users = centinela.services.find('users');
        if (users === undefined) throw new Error('The auth-mfa plugin is not loaded.');
        const result = await users.createUser({
          email: values.email as string,
          role: values.role as 'SuperAdmin' | 'Admin' | 'ReadOnly',
          ...(values.password === undefined ? {} : { password: values.password as string }),
          ...(values.name === undefined ? {} : { displayName: values.name as string }),
        });
        process.stdout.write(`Created ${result.email} (${result.role}).\n`);
        if (result.oneTimePassword !== undefined) {
          process.stdout.write(`One-time password (change it at first login): ${result.oneTimePassword}\n`);
        }
        return 0;
      });
    },
  },
  {
    name: 'plugins',
    usage: 'plugins list|install NAME [--site S] [--config JSON]|remove NAME [--site S]',
    summary: 'List, install or remove plugins per site.',
    async run(args, maybeConfig) {
      const config = required(maybeConfig);
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { site: { type: 'string' }, config: { type: 'string' }, purge: { type: 'boolean' } },
      });
      const [, action, name] = positionals;
      return withCentinela(config, async (centinela) => {
        const site = values.site ?? centinela.sites.defaultSiteId;
        const actor = { id: null, address: 'cli', userAgent: 'centinela-cli' };
        if (action === 'list' || action === undefined) {
          for (const status of centinela.registry.status()) {
            const state = centinela.sites.pluginState(site, status.name);
            const shown = status.state === 'refused' ? `refused: ${status.refusedReason}` : state?.enabled ? 'enabled' : state ? 'removed (data kept)' : 'not installed';
            process.stdout.write(`${status.name.padEnd(16)} ${status.version.padEnd(8)} ${shown}${status.mandatory ? ' (mandatory)' : ''}\n`);
          }
          return 0;
        }
        if (name === undefined) {
          process.stderr.write(`plugins ${action} needs a plugin name.\n`);
          return 2;
        }
        if (action === 'install') {
          const parsed: unknown = values.config === undefined ? {} : JSON.parse(values.config as string);
          await centinela.registry.install(site, name, parsed, { actor });
          process.stdout.write(`Installed ${name} on site ${site}.\n`);
          return 0;
        }
        if (action === 'remove') {
          await centinela.registry.remove(site, name, { actor, purge: values.purge === true, confirm: name });
          process.stdout.write(`Removed ${name} from site ${site}${values.purge === true ? ' and purged its data' : '; its data is kept'}.\n`);
          return 0;
        }
        process.stderr.write(`Unknown plugins action "${action}"; use list, install or remove.\n`);
        return 2;
      });
    },
  },
];

export function findCommand(name: string | undefined): Command | undefined {
  return COMMANDS.find((candidate) => candidate.name === name);
}

export async function runCommand(command: Command, argv: string[], config: AppConfig | undefined): Promise<number> {
  return command.run(argv, config);
}

function required(config: AppConfig | undefined): AppConfig {
  if (config === undefined) throw new Error('This command needs the settings, which were not loaded.');
  return config;
}
