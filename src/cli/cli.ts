/**
 * The command-line tool: the same core as the extension, for scripts and CI. Progress goes to
 * stderr; each command's result is the last line on stdout, one JSON object.
 */
import { InputError } from '../core/errors';
import { runCompare } from './compare';
import { runEmbed } from './embed';
import { runEvaluate } from './evaluate';
import { runSample } from './sample';
import { runTrain } from './train';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; usage: string }> = {
  sample: { run: runSample, usage: 'sample --records N --seed S --out FILE' },
  train: {
    run: runTrain,
    usage:
      'train FILE --label COL [--ignore a,b] [--loss lossless|linear|triplet|contrastive] ' +
      '[--dims N] [--epochs E] [--batch B] [--mining random|semi-hard|hard] [--seed S] [--out DIR]',
  },
  embed: { run: runEmbed, usage: 'embed FILE --model DIR [--out FILE] [--projector DIR]' },
  evaluate: { run: runEvaluate, usage: 'evaluate FILE --model DIR [--reference TRAIN_FILE]' },
  compare: {
    run: runCompare,
    usage:
      'compare TRAIN --test TEST --label COL [--ignore a,b] ' +
      '[--losses lossless,linear,triplet,contrastive] [--epochs E] [--seed S] [--dims N] ' +
      '[--out DIR]',
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => `  siamese-lens ${command.usage}`);
  return ['Usage:', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${usage()}\n`);
    return name === '--help' || name === '-h' ? 0 : 2;
  }

  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`siamese-lens ${name}: ${message}\n`);
    return error instanceof InputError ? 1 : 3;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
