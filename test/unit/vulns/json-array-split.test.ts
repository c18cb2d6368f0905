// splitTopLevelArray locates the elements of a top-level object's array without parsing: every element it
// finds must parse to what JSON.parse of the whole document holds there, and anything it cannot vouch for
// is null (the caller then parses the document whole).
import { describe, expect, it } from 'vitest';
import { splitTopLevelArray } from '../../../vulns/json-array-split.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function elementsOf(text: string, key = 'vulnerabilities'): unknown[] | null {
  const b = bytes(text);
  const split = splitTopLevelArray(b, key);
  if (!split) return null;
  return split.elements.map(([s, e]) => JSON.parse(b.toString('utf8', s, e)));
}

function skeletonOf(text: string): unknown {
  const split = splitTopLevelArray(bytes(text), 'vulnerabilities')!;
  return JSON.parse(Buffer.concat(split.skeleton).toString('utf8'));
}

describe('splitTopLevelArray', () => {
  it('finds each element of the array, as JSON.parse of the whole document reads them', () => {
    const doc = {
      resultsPerPage: 3, format: 'NVD_CVE',
      vulnerabilities: [
        { cve: { id: 'CVE-1', descriptions: [{ value: 'a "quoted" {brace} [bracket], comma \\ backslash' }] } },
        { cve: { id: 'CVE-2', nested: { vulnerabilities: [1, 2] }, s: '\\"' } },
        { cve: { id: 'CVE-3 \u00e9\u4e2d', n: -1.5e3, t: true, f: null } },
      ],
      after: { x: [1] },
    };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t').replaceAll('\n', '\r\n')]) {
      expect(elementsOf(text)).toEqual(doc.vulnerabilities);
      expect(skeletonOf(text)).toEqual({ ...doc, vulnerabilities: [] });
    }
  });

  it('finds scalar elements and an empty array', () => {
    expect(elementsOf('{"vulnerabilities":[1, "two", true, null, [3], {}]}')).toEqual([1, 'two', true, null, [3], {}]);
    expect(elementsOf('{"vulnerabilities": [ ] }')).toEqual([]);
  });

  it('ignores the key where it is not a key of the top-level object', () => {
    // In a string, as a value, and nested one level down: only the top-level key counts.
    const text = '{"a":"\\"vulnerabilities\\": [9]","b":{"vulnerabilities":[8]},"vulnerabilities":[7]}';
    expect(elementsOf(text)).toEqual([7]);
  });

  it('keeps an empty element (`[,`) as one, for JSON.parse to refuse', () => {
    const b = bytes('{"vulnerabilities":[1,,2]}');
    const split = splitTopLevelArray(b, 'vulnerabilities')!;
    expect(split.elements.map(([s, e]) => b.toString('utf8', s, e))).toEqual(['1', '', '2']);
  });

  it('is null for what it cannot vouch for: truncated, unbalanced, not an object, no such array', () => {
    for (const text of ['{"vulnerabilities":[{"cve":{}}', '{"vulnerabilities":[{"cve":"x}]}', '[{"vulnerabilities":[1]}]', '{"vulnerabilities":{"a":1}}',
      '{"other":[1]}', '{"vulnerabilities":[1}]}', '', '   ', '{"vulnerabilities":[1]}}']) {
      expect(splitTopLevelArray(bytes(text), 'vulnerabilities'), text).toBeNull();
    }
  });
});
