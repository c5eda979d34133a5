/** Date and time plausibility, shared by the CPR detector and the date/time exceptions. */

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** 29 February always passes: a CPR's century (hence leap year) hides in its seventh digit. */
export function isDayOfMonth(day: number, month: number): boolean {
  const days = daysInMonth[month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/**
 * DDMMYY at the start of a CPR number. Modulus 11 is deliberately not checked: numbers issued
 * since 2007 need not pass it, and a false alarm costs less than a leaked CPR number.
 */
export function isCprDate(digits: string): boolean {
  return /^\d{6}/.test(digits) && isDayOfMonth(Number(digits.slice(0, 2)), Number(digits.slice(2, 4)));
}

/** A four-digit year a counsellor would mention: 1900-2099. */
export function isYear(digits: string): boolean {
  return /^(?:19|20)\d\d$/.test(digits);
}

export function isHour(digits: string): boolean {
  return digits.length <= 2 && Number(digits) <= 24;
}

export function isMinute(digits: string): boolean {
  return digits.length === 2 && Number(digits) <= 59;
}
