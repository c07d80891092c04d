/**
 * Entry point of the integration tests inside a real extension host (code-server's, or desktop
 * VS Code's through @vscode/test-electron): VS Code loads this file and awaits `run()`.
 *
 * The extension host's console cannot be redirected, so the reporter's output goes to `log.txt`
 * and a summary to `results.json` in the folder named by `SIAMESE_LENS_RESULTS`, where the
 * driver reads them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

/** What the driver reads back: the counts of one run and the titles of failed tests. */
export interface IntegrationResults {
  passes: number;
  failures: number;
  pending: number;
  tests: number;
  durationMs: number;
  failed: string[];
}

const TIMEOUT_MS = 180_000;

export function run(): Promise<void> {
  const resultsDir = resultsFolder();
  fs.mkdirSync(resultsDir, { recursive: true });
  const logFile = path.join(resultsDir, 'log.txt');
  fs.writeFileSync(logFile, '');
  captureReporterOutput(logFile);

  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: TIMEOUT_MS, reporter: 'spec' });
  const grep = process.env.SIAMESE_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  const testFiles = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js'));
  for (const name of testFiles.sort()) mocha.addFile(path.join(__dirname, name));

  return new Promise((resolve, reject) => {
    const failed: string[] = [];
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      const results: IntegrationResults = {
        passes: stats?.passes ?? 0,
        failures: stats?.failures ?? failures,
        pending: stats?.pending ?? 0,
        tests: stats?.tests ?? 0,
        durationMs: stats?.duration ?? 0,
        failed,
      };
      const summary = path.join(resultsDir, 'results.json');
      fs.writeFileSync(summary, JSON.stringify(results, null, 2) + '\n');
      if (failures > 0) reject(new Error(`${failures} integration tests failed.`));
      else resolve();
    });
    runner.on('fail', (test) => failed.push(test.fullTitle()));
  });
}

/** Results go where the driver asks, or to test-results/integration in the repository. */
function resultsFolder(): string {
  const fromDriver = process.env.SIAMESE_LENS_RESULTS;
  if (fromDriver) return fromDriver;
  const repoRoot = path.resolve(__dirname, '../../../..');
  return path.join(repoRoot, 'test-results', 'integration');
}

/** Every line the reporter prints is appended to `logFile` as well. */
function captureReporterOutput(logFile: string): void {
  const print = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => {
    fs.appendFileSync(logFile, util.format(...data) + '\n');
    print(...data);
  };
}
