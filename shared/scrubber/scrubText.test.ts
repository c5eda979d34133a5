import { describe, expect, test } from 'vitest';
import { scrubKinds, scrubMasks, scrubText, applyMasks, type Finding } from './scrubText';

const masked = (text: string): string => scrubText(text).text;
const kinds = (text: string): string[] => scrubText(text).findings.map((finding) => finding.kind);

describe('the scrubText contract', () => {
  test('reports each finding with its kind and its offsets in the original text', () => {
    const text = 'Ring til 22 33 44 55 eller skriv til lise@example.dk.';
    const { findings } = scrubText(text);
    expect(findings).toEqual([
      { kind: 'phone', start: 9, end: 20 },
      { kind: 'email', start: 37, end: 52 },
    ]);
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual(['22 33 44 55', 'lise@example.dk']);
  });

  test('replaces each finding by the Danish mask word of its kind', () => {
    expect(masked('Ring til 22 33 44 55 eller skriv til lise@example.dk.')).toBe('Ring til [telefon] eller skriv til [e-mail].');
  });

  test('keeps the mask words in one table covering every kind', () => {
    expect(Object.keys(scrubMasks).sort()).toEqual([...scrubKinds].sort());
    expect(scrubMasks).toMatchObject({ phone: '[telefon]', email: '[e-mail]', cpr: '[cpr]', ip: '[ip]', url: '[link]', address: '[adresse]' });
  });

  test('returns text without identifiers unchanged and with no findings', () => {
    const text = 'Hun er 14 år, ringede kl. 14.30 og har lånt 1.500 kr.';
    expect(scrubText(text)).toEqual({ text, findings: [] });
  });

  test('returns findings sorted and never overlapping', () => {
    const { findings } = scrubText('a@example.dk https://example.dk/?mail=b@example.dk 22 33 44 55 192.0.2.1 Lærkevej 5');
    for (let i = 1; i < findings.length; i++) expect(findings[i]?.start).toBeGreaterThanOrEqual(findings[i - 1]?.end ?? 0);
  });

  test('masks overlapping claims as one, named after the longer claim', () => {
    // The link contains an e-mail address; the e-mail address contains a host name.
    expect(scrubText('https://example.dk/?mail=b@example.dk').findings).toEqual([{ kind: 'url', start: 0, end: 37 }]);
    expect(scrubText('b@example.dk').findings).toEqual([{ kind: 'email', start: 0, end: 12 }]);
  });

  test('is idempotent: scrubbed text has nothing left to find', () => {
    const once = masked('Tlf. +45 22 33 44 55, cpr 010203-1234, www.example.dk, 192.0.2.7, Lærkevej 5, @lise_15');
    expect(once).toBe('Tlf. [telefon], cpr [cpr], [link], [ip], [adresse], [brugernavn]');
    expect(scrubText(once)).toEqual({ text: once, findings: [] });
  });

  test('counts offsets in UTF-16 code units, as String#slice does', () => {
    const text = 'Søs 😢 har 22 33 44 55';
    const [finding] = scrubText(text).findings;
    expect(finding && text.slice(finding.start, finding.end)).toBe('22 33 44 55');
  });

  test('applyMasks can render a preview from the findings alone', () => {
    const findings: Finding[] = [{ kind: 'cpr', start: 4, end: 15 }];
    expect(applyMasks('cpr 010203-1234 slut', findings)).toBe('cpr [cpr] slut');
  });

  test('handles empty and whitespace-only text', () => {
    expect(scrubText('')).toEqual({ text: '', findings: [] });
    expect(scrubText(' \n\t ')).toEqual({ text: ' \n\t ', findings: [] });
  });
});

describe('Danish phone numbers', () => {
  test.each([
    ['eight digits', 'ring 28416793 i dag', 'ring [telefon] i dag'],
    ['pairs with spaces', 'ring 28 41 67 93 i dag', 'ring [telefon] i dag'],
    ['four and four', 'ring 2841 6793 i dag', 'ring [telefon] i dag'],
    ['pairs with dashes', 'ring 28-41-67-93 i dag', 'ring [telefon] i dag'],
    ['pairs with dots', 'ring 28.41.67.93 i dag', 'ring [telefon] i dag'],
    ['four and four with a dash', 'ring 2841-6793 i dag', 'ring [telefon] i dag'],
    ['spaced dashes', 'ring 28 - 41 - 67 - 93 i dag', 'ring [telefon] i dag'],
    ['no-break spaces', 'ring 28\u00A041\u00A067\u00A093 i dag', 'ring [telefon] i dag'],
    ['mixed separators', 'ring 28 41 67-93 i dag', 'ring [telefon] i dag'],
    ['two-two-four', 'ring 28 41 6793 i dag', 'ring [telefon] i dag'],
    ['three-two-three', 'ring 284 16 793 i dag', 'ring [telefon] i dag'],
    ['two and six', 'ring 28-416793 i dag', 'ring [telefon] i dag'],
    ['(45) in brackets', 'ring (45) 28 41 67 93 i dag', 'ring [telefon] i dag'],
    ['in brackets', 'ring (28416793) i dag', 'ring ([telefon]) i dag'],
    ['digit by digit', 'ring 2 8 4 1 6 7 9 3 i dag', 'ring [telefon] i dag'],
    ['+45', 'ring +45 28 41 67 93 i dag', 'ring [telefon] i dag'],
    ['+45 without spaces', 'ring +4528416793 i dag', 'ring [telefon] i dag'],
    ['0045', 'ring 0045 28 41 67 93 i dag', 'ring [telefon] i dag'],
    ['0045 without spaces', 'ring 004528416793 i dag', 'ring [telefon] i dag'],
    ['(+45)', 'ring (+45) 28 41 67 93 i dag', 'ring [telefon] i dag'],
    ['45 as a prefix', 'ring 45 28 41 67 93 i dag', 'ring [telefon] i dag'],
    ['glued to a word', 'tlf.28416793', 'tlf.[telefon]'],
    ['after a time', 'kl. 14.30 ringede 28 41 67 93', 'kl. 14.30 ringede [telefon]'],
    ['straight after a time', 'kl. 14.30 28 41 67 93', 'kl. 14.30 [telefon]'],
    ['before a count', 'ringede fra 28 41 67 93 10 gange', 'ringede fra [telefon] 10 gange'],
    ['after a single digit', 'fik 3 28 41 67 93', 'fik 3 [telefon]'],
    ['two in a row', '28 41 67 93 og 28 41 67 94', '[telefon] og [telefon]'],
    ['year-like, said to be a number', 'hendes nummer er 2015-2018', 'hendes nummer er [telefon]'],
    ['year-like, with spaces', 'ring 2015 2018', 'ring [telefon]'],
  ])('masks %s', (_form, input, output) => {
    expect(masked(input)).toBe(output);
  });

  test.each([
    ['an age', 'hun er 14 år'],
    ['a year', 'i 2019 og siden 1998'],
    ['a time', 'kl. 14.30 og 14:30'],
    ['a time range', 'kl. 20.30-22.00 og 20.30 - 22.00'],
    ['a date', 'd. 23.04.2019, 23-04-2019 og 2019-04-23'],
    ['a date and a time', 'd. 23.04 14.30'],
    ['a date range', '01.03.2019-15.04.2019'],
    ['a year range', 'fra 2015-2018 og 2010–2014'],
    ['a list of years', 'i 2019 2020 2021'],
    ['an amount', '500 kr., 1.500 kr, 2,5 mio., 12.000.000 kr.'],
    ['an amount with kr. in front', 'kr. 12.345.678'],
    ['thousands without a currency', 'hun har 12.345.678 visninger'],
    ['a count', '3 gange, 5 dage, 10-15 gange'],
    ['a percentage', '45 % og 75 procent'],
    ['a class, bus or line', '7B, bus 5A, linje 150S'],
    ['a postcode', '2100 København Ø'],
    ['a decimal number', '1,65 m og 37,5 grader'],
    ['a range of ages', '10-12 år og 13-15 år'],
    ['school grades', '-3/02/12 og 12, 10 og 7'],
    ['a helpline', '112, 1813, 116 111 og 114'],
    ['a week and a year', 'uge 12-13 2024'],
    ['counting', '1 2 3 4 5 6 7 8'],
    ['seven digits', '2233 445'],
  ])('keeps %s', (_what, text) => {
    expect(masked(text)).toBe(text);
  });
});

describe('international phone numbers', () => {
  test.each([
    ['Sweden', '+46 70 174 06 05'],
    ['the UK', '+44 7700 900123'],
    ['the UK with (0)', '+44 (0)20 7946 0958'],
    ['the US with brackets', '+1 (202) 555-0143'],
    ['the US with dashes', '+1 202-555-0178'],
    ['Australia', '+61 491 570 156'],
    ['00 prefix', '0046 70 174 06 05'],
    ['no spaces', '+447700900456'],
  ])('masks a number from %s', (_country, number) => {
    expect(masked(`ring ${number} i aften`)).toBe('ring [telefon] i aften');
  });

  test('keeps a plus sign before a small number', () => {
    expect(masked('+3 grader og 5+5')).toBe('+3 grader og 5+5');
  });

  test('leaves a trailing count out of the number', () => {
    expect(masked('+45 28 41 67 93 3 gange')).toBe('[telefon] 3 gange');
  });
});

describe('CPR numbers', () => {
  test.each([
    ['with a dash', '140307-1234'],
    ['without a dash', '1403071234'],
    ['with a space', '140307 1234'],
    ['with an en dash', '140307–1234'],
    ['written as a date', '14.03.07-1234'],
    ['on 29 February', '290200-1234'],
    ['that fails modulus 11', '010101-0101'],
  ])('masks one %s', (_form, cpr) => {
    expect(scrubText(`cpr ${cpr}.`)).toEqual({ text: 'cpr [cpr].', findings: [{ kind: 'cpr', start: 4, end: 4 + cpr.length }] });
  });

  test('still masks a CPR-shaped number with an impossible date, as a number', () => {
    expect(kinds('nr 320107-1234 og 3201071234')).toEqual(['number', 'number']);
  });

  test('keeps a birth date', () => {
    expect(masked('født 01.02.2003 og 010203')).toBe('født 01.02.2003 og 010203');
  });
});

describe('e-mail addresses', () => {
  test.each([
    ['plain', 'lise.hansen@example.dk'],
    ['with plus and digits', 'mads+snap2009@example.com'],
    ['with Danish letters', 'søren@æble.example.dk'],
    ['in capitals', 'LISE@EXAMPLE.DK'],
    ['with a subdomain', 'jonas@mail.example.co.uk'],
    ['with spaces round the @', 'ole @ example.dk'],
    ['with (at)', 'lise (at) example.dk'],
    ['with [at] and [dot]', 'anna [at] example [dot] dk'],
    ['with snabel-a', 'mor snabel-a example.org'],
    ['with snabel-a and no dot', 'ole snabel-a example dk'],
    ['with (at) and (dot) unspaced', 'emma(at)example(dot)com'],
    ['with punktum', 'søs snabela example punktum dk'],
    ['with a bare at and dot', 'pige15 at example dot dk'],
    ['with a bare at', 'lise at example.dk'],
    ['with (a)', 'lise.hansen(a)example.dk'],
    ['without a top-level domain', 'lise@gmail'],
  ])('masks one %s', (_form, address) => {
    expect(scrubText(`skriv til ${address}, tak`)).toEqual({
      text: 'skriv til [e-mail], tak',
      findings: [{ kind: 'email', start: 10, end: 10 + address.length }],
    });
  });

  test.each([
    ['an infinitive "at"', 'Hun lovede at skrive til os.'],
    ['the word snabel-a', 'Hun skrev "snabel-a" i stedet for tegnet.'],
    ['a lone at-sign', 'Han brugte @ og # hele tiden, og skrev "hej@".'],
    ['(at) without a domain', 'Hun sagde (at) hun ville komme.'],
    ['a lone (a)', 'Svaret er (a) eller (b).'],
  ])('keeps %s', (_what, text) => {
    expect(masked(text)).toBe(text);
  });

  test('masks an @user name, not a sentence-ending dot', () => {
    expect(scrubText('Han hedder @natteravn99.')).toEqual({ text: 'Han hedder [brugernavn].', findings: [{ kind: 'handle', start: 11, end: 23 }] });
  });
});

describe('links', () => {
  test.each([
    ['https://example.dk/profil/lise15'],
    ['http://www.example.com'],
    ['www.example.dk'],
    ['WWW.EXAMPLE.DK/LISE'],
    ['example.dk/gruppe/hemmelig'],
    ['example.com/?id=42&by=vejle'],
    ['lises-blog.example.dk'],
    ['lise-hansen.dk'],
    ['bit.ly/3xYzA'],
    ['http://example.dk:8080/admin'],
    ['ftp://example.org/billeder/'],
    ['https://example.dk/a_(b)'],
  ])('masks %s', (link) => {
    expect(scrubText(`se ${link} nu`)).toEqual({ text: 'se [link] nu', findings: [{ kind: 'url', start: 3, end: 3 + link.length }] });
  });

  test('leaves sentence punctuation after a link', () => {
    expect(masked('Se www.example.dk. (https://example.dk/x), "example.dk/y"!')).toBe('Se [link]. ([link]), "[link]"!');
  });

  test.each([
    ['abbreviations', 'Hun har bl.a. talt med f.eks. læreren, m.fl. osv.'],
    ['a missing space after a full stop', 'Han gik hjem.Hun blev. Vi talte om hjem.De kom.'],
    ['file names', 'billede.jpg, rapport.pdf og Node.js'],
    ['numbers with dots', 'kl.14, 1.500 kr, 9.C og 3.g'],
  ])('keeps %s', (_what, text) => {
    expect(masked(text)).toBe(text);
  });
});

describe('IP addresses', () => {
  test.each([
    ['IPv4', '192.0.2.14'],
    ['IPv4 with a port', '192.0.2.200:8080'],
    ['IPv4 with a prefix length', '198.51.100.0/24'],
    ['IPv6 in full', '2001:0db8:0000:0000:0000:ff00:0042:8329'],
    ['IPv6 compressed', '2001:db8::ff00:42:8329'],
    ['IPv6 ending in ::', '2001:db8::'],
    ['IPv6 in capitals', '2001:DB8::1'],
    ['IPv6, link-local', 'fe80::1ff:fe23:4567:890a'],
    ['IPv4-mapped IPv6', '::ffff:192.0.2.128'],
    ['IPv6 in brackets with a port', '[2001:db8::42]:443'],
  ])('masks %s', (_form, address) => {
    expect(scrubText(`IP ${address} her`)).toEqual({ text: 'IP [ip] her', findings: [{ kind: 'ip', start: 3, end: 3 + address.length }] });
  });

  test('masks an IPv6 address glued to a label or ending a sentence with a colon', () => {
    expect(masked('IP:2001:db8::7:8 og 2001:db8::9:')).toBe('IP:[ip] og [ip]:');
  });

  test.each([
    ['an octet over 255', '10.0.0.256'],
    ['three parts', 'afsnit 3.2.1'],
    ['clock times', '14:30:15 og 10:30'],
    ['a MAC-like run of pairs', '00:1A:2B:3C:4D:5E'],
    ['a lonely ::1', 'adressen ::1'],
  ])('keeps %s', (_what, text) => {
    expect(masked(text)).toBe(text);
  });

  test('reads four pairs of digits with dots as a Danish phone number', () => {
    expect(kinds('22.33.44.55')).toEqual(['phone']);
  });
});

describe('street addresses', () => {
  test.each([
    ['a -vej', 'Solsikkevej 17'],
    ['a house letter', 'Nørre Allé 12B'],
    ['floor and side', 'Kastanjeallé 4, 2. th.'],
    ['ground floor', 'Møllestræde 6, st. tv.'],
    ['floor as sal', 'Bakkegårdsvej 3, 1. sal'],
    ['floor as sal and a side', 'Nørrebrogade 45, 3. sal tv'],
    ['postcode and town', 'Birkehøj 9, 8700 Horsens'],
    ['everything', 'Gammel Kongevej 151, st. tv., 1850 Frederiksberg C'],
    ['a separate Boulevard', 'H.C. Andersens Boulevard 27'],
    ['a separate Vej', 'Peter Bangs Vej 30'],
    ['a separate Gade', 'Ole Rømers Gade 3'],
    ['a short prefix', 'Gl. Kongevej 3'],
    ['"nr." before the number', 'Lærkevej nr. 5'],
    ['a number range', 'Tulipanvej 2-4'],
    ['a definite street name', 'Torvet 3'],
    ['lower case', 'nørrebrogade 12'],
  ])('masks one with %s', (_form, address) => {
    expect(scrubText(`bor på ${address} nu`)).toEqual({ text: 'bor på [adresse] nu', findings: [{ kind: 'address', start: 7, end: 7 + address.length }] });
  });

  test.each([
    ['a street without a number', 'Hun bor på Nørrebrogade, men vil ikke sige hvor.'],
    ['a count after a street', 'De sad på Rådhuspladsen 2 timer og gik på Strandvejen 3 gange.'],
    ['a common noun with a street ending', 'Hun er i børnehaven 3 dage; der var 2 piger på legepladsen.'],
    ['a lower-case road', 'Han gik på vejen 2 timer.'],
    ['a time after a station', 'Vi mødtes ved Nørreport 7.15 og Husum Torv 20.15.'],
    ['a floor without a street', 'Han bor på 3. sal.'],
    ['a postcode and town', 'Hun bor i 2100 København Ø.'],
  ])('keeps %s', (_what, text) => {
    expect(masked(text)).toBe(text);
  });
});

describe('long numbers', () => {
  test.each([
    ['an account number', 'kontonr. 12345678901'],
    ['a card number', '4571 1234 5678 9010'],
    ['a card number with dashes', '4571-1234-5678-9010'],
    ['eight digits starting with 1', '12345678'],
  ])('masks %s', (_what, text) => {
    expect(kinds(text)).toEqual(['number']);
  });
});
