import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';
import tseslint from 'typescript-eslint';
import { layerBoundaries } from './layers.js';

// The layer rules alone, without type information, so fixtures need not exist on disk.
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...layerBoundaries],
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('import boundaries (DESIGN.md §3)', () => {
  test.each([
    ['shared/ using Node', 'shared/contract/x.ts', "import fs from 'node:fs';"],
    ['shared/ using Node without prefix', 'shared/contract/x.ts', "import path from 'path';"],
    ['shared/ importing electron', 'shared/x.ts', "import { app } from 'electron';"],
    ['shared/ importing the main process', 'shared/contract/x.ts', "import { ApiHost } from '../../electron/api/apiHost';"],
    ['shared/ importing the renderer', 'shared/x.ts', "import { App } from '../renderer/components/App';"],
    ['shared/ importing a UI library', 'shared/x.ts', "import { create } from 'zustand';"],
    ['renderer/ importing electron', 'renderer/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/ importing the main process', 'renderer/store/x.ts', "import { createWorkstation } from '../../electron/services/workstation';"],
    ['renderer/ importing the hub', 'renderer/x.tsx', "import { x } from '../hub/server';"],
    ['renderer/ using Node', 'renderer/x.ts', "import crypto from 'node:crypto';"],
    ['hub/ importing electron', 'hub/server.ts', "import { app } from 'electron';"],
    ['hub/ importing the main process', 'hub/server.ts', "import { x } from '../electron/services/logger';"],
    ['electron/ importing the renderer', 'electron/main.ts', "import { App } from '../renderer/components/App';"],
    ['electron/ importing the hub', 'electron/services/x.ts', "import { x } from '../../hub/server';"],
    ['electron/main.ts importing the hub', 'electron/main.ts', "import { buildHub } from '../hub/src/buildHub';"],
    ['a deeper electron/ file importing the hub', 'electron/hub/deep/x.ts', "import { buildHub } from '../../../hub/src/buildHub';"],
    ['electron/ importing the integration tests', 'electron/services/x.ts', "import { x } from '../../integration/testing/faultProxy';"],
    ['hub/ importing the integration tests', 'hub/src/x.ts', "import { x } from '../../integration/testing/faultProxy';"],
    ['widget/ importing the hub', 'widget/x.ts', "import { x } from '../hub/src/buildHub';"],
    ['widget/ importing the renderer', 'widget/deep/x.ts', "import { App } from '../../renderer/components/App';"],
    ['widget/ using Node', 'widget/x.ts', "import fs from 'node:fs';"],
    ['widget/ importing a package', 'widget/x.ts', "import { z } from 'zod';"],
    ['widget/ importing a value from shared/ (it would bundle zod)', 'widget/x.ts', "import { CHAT_PAGE_PATH } from '../shared/hub/chatApi';"],
    ['a widget/ test using Node', 'widget/x.test.ts', "import fs from 'node:fs';"],
    ['the hub importing widget/', 'hub/src/chat/x.ts', "import { x } from '../../../widget/chatPage';"],
    ['the renderer importing widget/', 'renderer/x.ts', "import { x } from '../widget/chatPage';"],
    ['electron/ importing widget/', 'electron/main.ts', "import { x } from '../widget/chatPage';"],
    ['shared/ importing widget/', 'shared/hub/x.ts', "import { x } from '../../widget/chatPage';"],
  ])('refuses %s', async (_name, file, code) => {
    const found = await problems(file, code);
    expect(found.length).toBeGreaterThan(0);
    for (const problem of found) expect(problem).toMatch(/^(@typescript-eslint\/)?no-restricted-imports:/);
  });

  test.each([
    ['shared/ importing shared/ and zod', 'shared/contract/x.ts', "import { z } from 'zod';\nimport { ok } from './result';\nimport { y } from '../other/y';"],
    ['renderer/ importing shared/ and React', 'renderer/x.tsx', "import { useState } from 'react';\nimport { ok } from '../shared/contract/result';"],
    ['electron/ importing electron, Node and shared/', 'electron/main.ts', "import { app } from 'electron';\nimport fs from 'node:fs';\nimport { ok } from '../shared/contract/result';"],
    ['hub/ importing Node and shared/', 'hub/server.ts', "import http from 'node:http';\nimport { ok } from '../shared/contract/result';"],
    ['electron/ importing its own hub link (electron/hub/) and the hub contract (shared/hub/)', 'electron/services/x.ts', "import { a } from '../hub/hubClient';\nimport { b } from '../../shared/hub/syncApi';"],
    ['electron/main.ts importing electron/hub/', 'electron/main.ts', "import { a } from './hub/hubConfig';"],
    ['renderer/ importing the hub contract (shared/hub/)', 'renderer/store/x.ts', "import { a } from '../../shared/hub/statisticsApi';"],
    ['shared/ importing shared/hub/', 'shared/contract/x.ts', "import { a } from '../hub/syncApi';"],
    ['widget/ importing itself and types from shared/', 'widget/x.ts', "import type { ChatMessage } from '../shared/hub/chatApi';\nimport { type ChatSender } from '../shared/hub/chatApi';\nimport { h } from './dom';"],
    ['a widget/ test using the test runner and the contract', 'widget/x.test.ts', "import { test } from 'vitest';\nimport { visitorEventSchema } from '../shared/hub/chatApi';\nimport { h } from './dom';"],
    ['integration/ importing the hub and the main process', 'integration/x.test.ts', "import { buildHub } from '../hub/src/buildHub';\nimport { createWorkstation } from '../electron/services/workstation';"],
  ])('allows %s', async (_name, file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});

describe('tests of shared/', () => {
  test('may use the test runner but not Node or other layers', async () => {
    expect(await problems('shared/contract/x.test.ts', "import { test } from 'vitest';")).toEqual([]);
    expect((await problems('shared/contract/x.test.ts', "import fs from 'node:fs';")).length).toBeGreaterThan(0);
    expect((await problems('shared/contract/x.test.ts', "import { x } from '../../electron/main';")).length).toBeGreaterThan(0);
  });
});
