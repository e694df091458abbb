import type { Response } from 'light-my-request';
import { expect } from 'vitest';

/** A V8 stack frame line, as `error.stack` prints it. */
const STACK_LINE = /(^|\\n|\n)\s*at [^\s]+ \(|(^|\\n|\n)\s*at (file:\/\/|\/|node:)/;
/** Paths and module names that only a leaked error or a debug dump would show. */
const INTERNAL_PATH =
  /\/work\/|node_modules|file:\/\/|\.ts:\d+|[A-Za-z]:\\\\Users|\/home\/|\/root\//;

/**
 * Checks that a hostile request got a client error or a success: status below 500, and a body
 * with no stack frames and no server file paths. `route` names the request in failures.
 */
export function expectSafeResponse(response: Response, route: string): void {
  expect(
    response.statusCode,
    `${route} returned ${response.statusCode}: ${response.body.slice(0, 500)}`,
  ).toBeLessThan(500);
  expect(response.body, `${route} leaked a stack trace`).not.toMatch(STACK_LINE);
  expect(response.body, `${route} leaked a server path`).not.toMatch(INTERNAL_PATH);
}
