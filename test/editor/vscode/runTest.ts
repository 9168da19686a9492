// Runs the mocha suite inside a real VS Code desktop with the extension loaded
// (@vscode/test-electron). FWLINT_VSCODE_PATH points at a local VS Code
// executable where downloads are impossible; without it the runner downloads
// one, and says plainly when it cannot.
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const extensionDevelopmentPath = path.resolve(__dirname, '../../../../..');
  const extensionTestsPath = path.resolve(__dirname, './suite/index');
  const workspace = path.resolve(extensionDevelopmentPath, 'test/editor/vscode/fixtures');
  let vscodeExecutablePath = process.env.FWLINT_VSCODE_PATH;
  if (!vscodeExecutablePath) {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable', timeout: 30_000 });
    } catch (err) {
      console.error(`VS Code desktop could not be obtained (${err instanceof Error ? err.message : String(err)}).`);
      console.error('The test-electron suite did NOT run. Set FWLINT_VSCODE_PATH to a local VS Code executable to run it.');
      process.exit(3);
    }
  }
  await runTests({ vscodeExecutablePath, extensionDevelopmentPath, extensionTestsPath, launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'] });
}

main().catch((err) => {
  console.error('test-electron suite failed:', err);
  process.exit(1);
});
