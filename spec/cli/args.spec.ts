import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choiceArgument, listOption, parseCommandLine, parseHeaders, parsePairs, splitPair, stringOption, switchOption, timeoutOption } from '../../lib/cli/args.js';
import type { OptionsSpec } from '../../lib/cli/command.js';
import { UsageError } from '../../lib/cli/usage-error.js';

const options: OptionsSpec = {
  method: { type: 'string', short: 'X', description: 'method' },
  query: { type: 'string', short: 'q', multiple: true, description: 'query' },
  include: { type: 'boolean', short: 'i', description: 'include' },
};
const command = { name: 'demo', options, positionals: true };

function usage(message: RegExp) {
  return (e: unknown) => e instanceof UsageError && message.test(e.message) && e.command === 'demo' && !e.message.includes('\n');
}

describe('cli: parsing the command line', () => {
  it('parses options, repeated options, switches and positionals', () => {
    const args = parseCommandLine(command, ['v3/x', '-X', 'put', '-q', 'a=1', '--query', 'b=2', '-i']);
    assert.deepEqual(args.positionals, ['v3/x']);
    assert.equal(stringOption(args, 'method'), 'put');
    assert.deepEqual(listOption(args, 'query'), ['a=1', 'b=2']);
    assert.equal(switchOption(args, 'include'), true);
    assert.equal(switchOption(args, 'help'), false);
    assert.equal(stringOption(args, 'absent'), undefined);
    assert.deepEqual(listOption(args, 'absent'), []);
  });

  it('gives every command -h/--help', () => {
    assert.equal(switchOption(parseCommandLine(command, ['-h']), 'help'), true);
    assert.equal(switchOption(parseCommandLine(command, ['--help']), 'help'), true);
  });

  it('turns parseArgs errors into one-line usage errors', () => {
    assert.throws(() => parseCommandLine(command, ['-Z']), usage(/^Unknown option '-Z'\.$/));
    assert.throws(() => parseCommandLine(command, ['-X']), usage(/argument missing/));
    assert.throws(() => parseCommandLine({ ...command, positionals: false }, ['stray']), usage(/Unexpected argument 'stray'/));
  });

  it('splits name=value at the first =', () => {
    assert.deepEqual(splitPair('a=b=c', '-q'), ['a', 'b=c']);
    assert.deepEqual(splitPair('a=', '-q'), ['a', '']);
    assert.throws(() => splitPair('novalue', '-q'), (e: unknown) => e instanceof UsageError && e.message === '-q takes name=value, got "novalue".');
    assert.throws(() => splitPair('=x', '--var'), /--var takes name=value/);
  });

  it('collects pairs in order, refusing a name given twice', () => {
    assert.deepEqual(parsePairs(['plate_number=粤B888888', 'appid=wx1'], '-q'), { plate_number: '粤B888888', appid: 'wx1' });
    assert.deepEqual(parsePairs([], '-q'), {});
    assert.throws(() => parsePairs(['a=1', 'a=2'], '-q'), /-q a is given twice/);
  });

  it('parses headers', () => {
    assert.deepEqual(parseHeaders(['Wechatpay-Serial: PUB_KEY_ID_0001', 'X-Empty:', 'X-Colon: a:b ']), { 'Wechatpay-Serial': 'PUB_KEY_ID_0001', 'X-Empty': '', 'X-Colon': 'a:b' });
    assert.throws(() => parseHeaders(['no colon']), /-H takes 'Name: value', got "no colon"/);
    assert.throws(() => parseHeaders(['Bad Name: x']), UsageError);
    assert.throws(() => parseHeaders(['X-A: 1', 'x-a: 2']), /-H x-a is given twice/);
  });
});

describe('cli: shared option readers', () => {
  const parsed = (positionals: string[], values: Record<string, string> = {}) => ({ positionals, values });

  it('choiceArgument takes exactly one of the words', () => {
    const kinds = ['tradebill', 'fundflowbill'] as const;
    assert.equal(choiceArgument(parsed(['fundflowbill']), kinds, 'bill type', 'demo'), 'fundflowbill');
    assert.throws(() => choiceArgument(parsed([]), kinds, 'bill type', 'demo'), usage(/^Give bill type: tradebill, fundflowbill\.$/));
    assert.throws(() => choiceArgument(parsed(['Tradebill']), kinds, 'bill type', 'demo'), usage(/^Unknown bill type "Tradebill": one of tradebill, fundflowbill\.$/));
    assert.throws(() => choiceArgument(parsed(['tradebill', 'x']), kinds, 'bill type', 'demo'), usage(/^wxpay demo takes one bill type; unexpected "x"\.$/));
  });

  it('timeoutOption takes a number of seconds, 0 for none', () => {
    assert.equal(timeoutOption(parsed([])), undefined);
    assert.equal(timeoutOption(parsed([], { timeout: '2.5' })), 2.5);
    assert.equal(timeoutOption(parsed([], { timeout: '0' })), 0);
    for (const bad of ['', '-1', 'soon', 'Infinity']) assert.throws(() => timeoutOption(parsed([], { timeout: bad }), 'demo'), usage(/^--timeout takes a number of seconds/));
  });
});
