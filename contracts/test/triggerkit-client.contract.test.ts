import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMITTED_PACT_DIR, PACT_FILE_NAME, shouldUpdatePacts, stalePactProblems, updateCommittedPacts } from '../src/pact-files';
import { describeMockServerVerification } from './mock-server.verification';
import { describeClientConsumerTests } from './triggerkit-client.consumer';

// One file, so the order is fixed: the consumer tests write the contract, the committed copy is
// checked against it, then the mock server is verified against exactly what the client expects.
// Every run generates into a fresh directory: Pact merges into an existing file, so writing over
// the committed one would keep interactions that were removed.
const generatedDir = mkdtempSync(join(tmpdir(), 'triggerkit-pacts-'));
afterAll(() => rmSync(generatedDir, { recursive: true, force: true }));

describeClientConsumerTests(generatedDir);

describe('the committed pact files', () => {
  it('are what the consumer tests generate (UPDATE_PACTS=1 rewrites them)', () => {
    if (shouldUpdatePacts()) updateCommittedPacts(generatedDir, COMMITTED_PACT_DIR);
    expect(stalePactProblems(generatedDir, COMMITTED_PACT_DIR)).toEqual([]);
  });
});

describeMockServerVerification(join(generatedDir, PACT_FILE_NAME));
