import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readText, readYaml, repoPath } from './helpers';

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = {
  'runs-on': string;
  services?: Record<string, { image: string; ports?: string[]; volumes?: string[] }>;
  steps: Step[];
};
type Workflow = { name: string; on: Record<string, unknown>; jobs: Record<string, Job> };

function workflow(name: string): Workflow {
  return readYaml<Workflow>(`.github/workflows/${name}`);
}

function allRuns(job: Job): string {
  return job.steps.map((step) => step.run ?? '').join('\n');
}

function usesAction(job: Job, action: string): Step | undefined {
  return job.steps.find((step) => step.uses?.startsWith(`${action}@`));
}

describe('GitHub workflows', () => {
  it('are valid YAML with a name, triggers and jobs', () => {
    const files = readdirSync(repoPath('.github/workflows')).sort();
    expect(files).toEqual([
      'addon-image.yml',
      'cards-release.yml',
      'ci.yml',
      'e2e-home-assistant.yml',
    ]);
    for (const file of files) {
      const document = parseDocument(readText(`.github/workflows/${file}`));
      expect(document.errors, file).toEqual([]);
      const parsed = document.toJS() as Workflow;
      expect(typeof parsed.name, file).toBe('string');
      expect(parsed.on, file).toBeTruthy();
      expect(Object.keys(parsed.jobs).length, file).toBeGreaterThan(0);
      for (const job of Object.values(parsed.jobs))
        expect(job.steps.length, file).toBeGreaterThan(0);
    }
  });

  it('runs .ci/run with PostgreSQL 16 and Mosquitto 2 in CI', () => {
    const job = workflow('ci.yml').jobs.test as Job;
    expect(job.services?.postgres?.image).toBe('postgres:16');
    expect(job.services?.mosquitto?.image).toBe('eclipse-mosquitto:2');
    expect(job.services?.postgres?.ports).toContain('5432:5432');
    expect(job.services?.mosquitto?.ports).toContain('1883:1883');
    const runs = allRuns(job);
    expect(runs).toContain('allow_anonymous true');
    expect(runs).toContain('listener 1883');
    expect(runs).toMatch(/apt-get install -y --no-install-recommends ffmpeg rclone chromium/);
    expect(runs).toContain('node:20.');
    expect(runs).toContain('bash .ci/run');
  });

  it('builds the add-on image for amd64 and arm64 and pushes on tags', () => {
    const parsed = workflow('addon-image.yml');
    expect(parsed.on).toHaveProperty('push.tags');
    const job = parsed.jobs.image as Job;
    expect(usesAction(job, 'docker/setup-buildx-action')).toBeDefined();
    expect(usesAction(job, 'docker/setup-qemu-action')).toBeDefined();
    const build = usesAction(job, 'docker/build-push-action');
    expect(build?.with?.context).toBe('.');
    expect(build?.with?.file).toBe('addon/Dockerfile');
    expect(build?.with?.platforms).toBe('linux/amd64,linux/arm64');
    expect(String(build?.with?.push)).toContain('PUSH');
    expect(usesAction(job, 'docker/login-action')?.with?.registry).toBe('ghcr.io');
  });

  it('attaches the card bundle to a release', () => {
    const parsed = workflow('cards-release.yml');
    expect(parsed.on).toEqual({ release: { types: ['published'] } });
    const runs = allRuns(parsed.jobs.cards as Job);
    expect(runs).toContain('npm run build -w @centinela/lovelace-cards');
    expect(runs).toContain('gh release upload');
    expect(runs).toContain('lovelace-cards/dist/centinela-cards.js');
  });

  it('runs the Home Assistant card test only in its own workflow', () => {
    const job = workflow('e2e-home-assistant.yml').jobs.cards as Job;
    expect(usesAction(job, 'actions/setup-python')).toBeDefined();
    const runs = allRuns(job);
    expect(runs).toContain('npm install --no-save');
    expect(runs).toContain('hass-taste-test@0.2.7');
    expect(runs).toContain('npx hass-taste-test');
    expect(runs).toContain('npx vitest run --config test/e2e-ha/vitest.config.ts');
    // Vitest's default include is **/*.{test,spec}.?(c|m)[jt]s?(x). The file must not match it.
    for (const file of readdirSync(repoPath('test/e2e-ha'))) {
      expect(file).not.toMatch(/\.(test|spec)\.[cm]?[jt]sx?$/);
    }
  });

  it('keeps hass-taste-test out of the lockfile', () => {
    expect(readText('package.json')).not.toContain('hass-taste-test');
    expect(readText('package-lock.json')).not.toContain('hass-taste-test');
  });
});
