import { atLeastFive, leastSquaresSlope } from '../../bot/domain/pulse/figures';
import { csvCell } from '../../bot/http/pulse-csv';

describe('the five-person floor', () => {
  test('four people get no figure at all: the figures are never even worked out', () => {
    const figures = jest.fn(() => ({ count: 4 }));
    expect(atLeastFive(4, figures)).toEqual({ kind: 'too-few' });
    expect(figures).not.toHaveBeenCalled();
  });

  test('five people get their figures and how many they cover', () => {
    expect(atLeastFive(5, () => ({ average: 3.2 }))).toEqual({ kind: 'shown', people: 5, average: 3.2 });
  });
});

describe('the trend of the average mood', () => {
  test('is the least-squares slope per occurrence: rising by half a step each time reads 0.5', () => {
    expect(leastSquaresSlope([0, 1, 2, 3].map((x) => ({ x, y: 2 + x / 2 })))).toBeCloseTo(0.5);
  });

  test('a scattered series has the slope of its best line, and one point has none', () => {
    // y = 1, 3, 2 at x = 0, 1, 2: mean x 1, mean y 2, slope (−1·−1 + 0 + 1·0) / 2 = 0.5.
    expect(
      leastSquaresSlope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 2 },
      ]),
    ).toBeCloseTo(0.5);
    expect(leastSquaresSlope([{ x: 0, y: 4 }])).toBeUndefined();
  });
});

describe('a CSV cell', () => {
  test.each(['=SUM(A1:A9)', '+1+1', '-2+3', '@cmd', '\t=1', '\r=1'])('text a spreadsheet would run (%j) starts with an apostrophe', (text) => {
    expect(csvCell(text)).toBe(`"'${text}"`);
  });

  test('quotes are doubled, plain text and figures stay as they are (a falling trend is a negative number)', () => {
    expect(csvCell('Weekly "sync"')).toBe('"Weekly ""sync"""');
    expect(csvCell(-0.25)).toBe('"-0.25"');
    expect(csvCell(undefined)).toBe('""');
  });
});
