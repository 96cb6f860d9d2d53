import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { LocaleProvider } from '../../i18n';
import { ChartView } from './ChartView';
import { sampleChart } from './fixtures';

const renderChart = (onOpenUnit = vi.fn()) =>
  render(
    <LocaleProvider initial="zh-CN">
      <ChartView roots={sampleChart()} onOpenUnit={onOpenUnit} />
    </LocaleProvider>,
  );

describe('ChartView', () => {
  it('draws units with heads, staffing, vacancies and overstaffing', () => {
    renderChart();
    const root = screen.getByTestId('chart-unit-root');
    expect(within(root).getByText('张主任', { selector: '.org-head-name' })).toBeTruthy();
    expect(within(root).getByTestId('chart-pos-p-root').textContent).toContain('1/1');

    const cs = screen.getByTestId('chart-unit-cs');
    expect(within(cs).getByText('负责人空缺')).toBeTruthy();
    expect(within(screen.getByTestId('chart-pos-p-cs')).getByTestId('tag-vacant').textContent).toBe('缺编 1');

    const group = screen.getByTestId('chart-unit-g1');
    expect(group.className).toContain('is-over');
    expect(within(screen.getByTestId('chart-pos-p-g1')).getByTestId('tag-over').textContent).toBe('超编 1');
    expect(within(group).getByText(/孙客服（兼任）/, { selector: '.org-pos-holders' })).toBeTruthy();
  });

  it('collapses and expands a subtree', () => {
    renderChart();
    const toggle = screen.getByTestId('chart-toggle-cs');
    fireEvent.click(toggle);
    expect(screen.queryByTestId('chart-unit-g1')).toBeNull();
    expect(toggle.textContent).toBe('+1');
    fireEvent.click(toggle);
    expect(screen.getByTestId('chart-unit-g1')).toBeTruthy();
  });

  it('zooms in steps within bounds', () => {
    renderChart();
    const tree = document.querySelector('.org-tree') as HTMLElement;
    const start = Number(tree.dataset.zoom);
    fireEvent.click(screen.getByTestId('zoom-in'));
    expect(Number(tree.dataset.zoom)).toBe(start + 10);
    for (let i = 0; i < 20; i++) fireEvent.click(screen.getByTestId('zoom-out'));
    expect(tree.dataset.zoom).toBe('50');
    expect((screen.getByTestId('zoom-out') as HTMLButtonElement).disabled).toBe(true);
  });

  it('opens a unit from its box header', () => {
    const onOpen = vi.fn();
    renderChart(onOpen);
    fireEvent.click(within(screen.getByTestId('chart-unit-adm')).getByText('行政部'));
    expect(onOpen).toHaveBeenCalledWith('adm');
  });
});
