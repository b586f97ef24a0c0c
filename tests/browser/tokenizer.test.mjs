// The search page's tokenizer (search.js) against the vectors the Rust indexer is
// tested with, so that a query finds what the index holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { repo } from './helpers.mjs';

const vectors = JSON.parse(readFileSync(join(repo, 'tests', 'tokenizer-vectors.json'), 'utf8'));

function loadTokenizer() {
  const code = readFileSync(join(repo, 'themes', 'default', 'static', 'js', 'search.js'), 'utf8');
  // No page: the search UI does nothing, the tokenizer is defined.
  const context = { TextEncoder, document: { currentScript: null, getElementById: () => null } };
  vm.runInNewContext(code, context);
  return context.gongshiTokenizer;
}

test('search.js tokenizes as the Rust indexer does', () => {
  const t = loadTokenizer();
  for (const [input, expected] of vectors.query_terms) {
    assert.deepEqual([...t.queryTerms(input)], expected, `queryTerms(${JSON.stringify(input)})`);
  }
  for (const [input, expected] of vectors.normalize_code) {
    assert.equal(t.normalizeCode(input), expected, `normalizeCode(${JSON.stringify(input)})`);
  }
  for (const [input, expected] of vectors.term_hash) {
    assert.equal(t.termHash(input), expected, `termHash(${JSON.stringify(input)})`);
  }
});
