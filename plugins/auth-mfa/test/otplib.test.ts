import { generate, generateSecret, verify } from 'otplib';
import { describe, expect, it } from 'vitest';

// otplib 13 changed two things that silently break code written for 12: `verify` resolves to an
// object (always truthy), and the tolerance is `epochTolerance` in seconds, not `window` in steps.
describe('otplib 13', () => {
  const secret = generateSecret();
  // The middle of a 30-second step, so that a 1-second tolerance reaches no other step.
  const epoch = 1_790_000_000 - (1_790_000_000 % 30) + 15;

  it('resolves a wrong code to an object with valid false', async () => {
    const code = await generate({ secret, epoch });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const result = await verify({ secret, token: wrong, epoch });
    expect(result).toEqual({ valid: false });
    expect(Boolean(result)).toBe(true);
  });

  it('resolves the current code with its time step', async () => {
    const result = await verify({ secret, token: await generate({ secret, epoch }), epoch });
    expect(result).toMatchObject({ valid: true, delta: 0, timeStep: Math.floor(epoch / 30) });
  });

  it('counts the tolerance in seconds', async () => {
    const previous = await generate({ secret, epoch: epoch - 30 });
    expect((await verify({ secret, token: previous, epoch, epochTolerance: 1 })).valid).toBe(false);
    expect(await verify({ secret, token: previous, epoch, epochTolerance: 30 })).toMatchObject({
      valid: true,
      delta: -1,
    });
    const twoBack = await generate({ secret, epoch: epoch - 60 });
    expect((await verify({ secret, token: twoBack, epoch, epochTolerance: 30 })).valid).toBe(false);
  });

  it('rejects a code of an already used step with afterTimeStep', async () => {
    const code = await generate({ secret, epoch });
    const first = await verify({ secret, token: code, epoch });
    expect(first.valid).toBe(true);
    const step = first.valid && 'timeStep' in first ? first.timeStep : -1;
    expect((await verify({ secret, token: code, epoch, afterTimeStep: step })).valid).toBe(false);
  });
});
