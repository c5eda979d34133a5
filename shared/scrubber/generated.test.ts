import { describe, expect, test } from 'vitest';
import { scrubText, type ScrubKind } from './scrubText';
import { seededRandom } from '../testing/seededRandom';

/**
 * The corpus has hand-picked values; here the values are random (from a fixed seed, so a failure
 * reproduces) and the written forms systematic. This is what catches a phone number that happens
 * to look like a date, or a date that happens to look like a phone number.
 */

const SAMPLES = 3000;

const random = seededRandom(20_250_601);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)] as T;
const digits = (count: number): string => Array.from({ length: count }, () => String(int(0, 9))).join('');
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
const pairs = (number: string, sep: string): string => (number.match(/../g) ?? []).join(sep);
const daysIn = (month: number): number => [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 28;
const date = (): { day: number; month: number } => {
  const month = int(1, 12);
  return { day: int(1, daysIn(month)), month };
};
const thousands = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

const danishForms: readonly ((n: string) => string)[] = [
  (n) => n,
  (n) => pairs(n, pick([' ', '-', '.', '\u00A0', ' - '])),
  (n) => `${n.slice(0, 4)}${pick([' ', '-'])}${n.slice(4)}`,
  (n) => `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4)}`,
  (n) => `${n.slice(0, 4)} ${n.slice(4, 6)} ${n.slice(6)}`,
  (n) => `+45 ${pairs(n, ' ')}`,
  (n) => `+45${n}`,
  (n) => `+45 ${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `0045 ${n}`,
  (n) => `(+45) ${pairs(n, ' ')}`,
];

const foreignNumbers: readonly (() => string)[] = [
  () => `+46 70 ${digits(3)} ${digits(2)} ${digits(2)}`,
  () => `+44 7700 900${digits(3)}`,
  () => `+44 20 7946 0${digits(3)}`,
  () => `+1 (${int(200, 999)}) 555-01${digits(2)}`,
  () => `+1 ${int(200, 999)}-555-01${digits(2)}`,
  () => `+61 491 570 ${digits(3)}`,
  () => `+49 30 ${digits(7)}`,
  () => `0046 70 ${digits(3)} ${digits(2)} ${digits(2)}`,
];

const identifiers: Record<'phone' | 'cpr' | 'ip' | 'email', () => string> = {
  phone: () => (random() < 0.8 ? pick(danishForms)(`${int(2, 9)}${digits(7)}`) : pick(foreignNumbers)()),
  cpr: () => {
    const { day, month } = date();
    return `${pad(day)}${pad(month)}${pad(int(0, 99))}${pick(['-', '', ' '])}${digits(4)}`;
  },
  ip: () =>
    random() < 0.6
      ? `${pick(['192.0.2', '198.51.100', '203.0.113'])}.${int(0, 255)}${pick(['', '', `:${int(1, 65535)}`])}`
      : `2001:db8:${int(0, 0xffff).toString(16)}::${int(0, 0xffff).toString(16)}:${int(0x100, 0xffff).toString(16)}`,
  email: () => `${pick(['lise', 'mads', 'ole.h', 'pige_15', 'søren'])}${digits(int(0, 4))}@${pick(['example.dk', 'example.com', 'mail.example.org'])}`,
};

const positiveTemplates: readonly string[] = [
  'Hun gav mig {x} og bad om at blive ringet op.',
  'Ring til {x}.',
  '{x} er morens.',
  'Vennen har {x}, sagde han.',
  'Kl. 14.30 skrev hun {x} i chatten.',
  'Han har skrevet 3 gange fra {x} i dag.',
  'Nr.: {x}',
  'Hun (15) skrev "{x}" og loggede af.',
  'I 2023 fik hun {x}, som hun stadig har.',
  'Hun skrev {x} 2 gange.',
];

const negatives: readonly (() => string)[] = [
  () => `Hun er ${int(1, 99)} år og har ${int(1, 9)} søskende.`,
  () => `Det skete i ${int(1900, 2030)}.`,
  () => {
    const from = int(1950, 2024);
    return `Fra ${from}${pick(['-', '–', ' - '])}${int(from + 1, 2030)} boede hun hos sin far.`;
  },
  () => `Hun ringede kl. ${int(0, 23)}.${pad(int(0, 59))} og igen ${pad(int(0, 23))}:${pad(int(0, 59))}.`,
  () => `Vagten var ${pad(int(0, 23))}.${pad(int(0, 59))}${pick(['-', ' - '])}${pad(int(0, 23))}.${pad(int(0, 59))}.`,
  () => {
    const { day, month } = date();
    return `Mødet er d. ${pick([String(day), pad(day)])}.${pad(month)}.${int(1990, 2030)}.`;
  },
  () => {
    const { day, month } = date();
    return `Anbragt ${int(1990, 2030)}-${pad(month)}-${pad(day)}.`;
  },
  () => {
    const { day, month } = date();
    return `Aftale d. ${pad(day)}.${pad(month)} ${pad(int(7, 20))}.${pad(int(0, 59))} hos lægen.`;
  },
  () => `Hun skylder ${thousands(int(100, 99_999_999))} kr.`,
  () => `Det kostede kr. ${thousands(int(1000, 99_999_999))},-`,
  () => `Faren har tabt ${int(1, 99)},${int(1, 9)} mio.`,
  () => `Det er sket ${int(2, 20)}-${int(21, 40)} gange, ${int(1, 100)} % af tiden.`,
  () => `Hun bor i ${int(1000, 9990)} ${pick(['København Ø', 'Aarhus C', 'Odense', 'Vejle'])}.`,
  () => `Hun tager ${int(1, 500)} mg ${int(1, 4)} gange dagligt.`,
  () => `Uge ${int(1, 26)}-${int(27, 52)} er hun væk, og uge ${int(1, 52)} ${int(2000, 2030)} også.`,
  () => `Det var ${int(1, 28)}/${int(1, 12)}, og hun fik ${int(-3, 12)} i dansk.`,
  () => `Grupperne er for ${int(6, 12)}-${int(13, 17)} år.`,
];

interface Result {
  tried: number;
  missed: string[];
}

function tryPositives(kind: 'phone' | 'cpr' | 'ip' | 'email'): Result {
  const missed: string[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const value = identifiers[kind]();
    const [before = '', after = ''] = pick(positiveTemplates).split('{x}');
    const text = before + value + after;
    const findings = scrubText(text).findings;
    const cover = findings.find((finding) => finding.start <= before.length && finding.end >= before.length + value.length);
    if (!cover || cover.kind !== (kind satisfies ScrubKind)) missed.push(`${cover?.kind ?? 'missed'}: ${text}`);
  }
  return { tried: SAMPLES, missed };
}

describe('random identifiers in systematic forms', () => {
  test.each(['phone', 'cpr', 'ip', 'email'] as const)('masks every generated %s, as that kind', (kind) => {
    const { tried, missed } = tryPositives(kind);
    console.log(`generated ${kind}: ${tried - missed.length}/${tried} masked as ${kind}${missed.length ? `; not: ${missed.slice(0, 5).join(' | ')}` : ''}`);
    expect(missed).toEqual([]);
  });
});

describe('random ordinary numbers', () => {
  test('leave every generated sentence unchanged', () => {
    const changed: string[] = [];
    const tried = SAMPLES * 3;
    for (let i = 0; i < tried; i++) {
      const text = pick(negatives)();
      if (scrubText(text).findings.length > 0) changed.push(scrubText(text).text);
    }
    console.log(`generated ordinary numbers: ${tried - changed.length}/${tried} unchanged${changed.length ? `; changed: ${changed.slice(0, 5).join(' | ')}` : ''}`);
    expect(changed).toEqual([]);
  });
});
