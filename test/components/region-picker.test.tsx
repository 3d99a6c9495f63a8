// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RegionPicker } from '@/components/RegionPicker';
import type { SessionData } from '@/lib/react';
import { clearCookies, mockSessionsApi, SELLERS } from '../support/session-api-mock';
import { renderWithSession, tab } from './render';

let api: ReturnType<typeof mockSessionsApi>;

beforeEach(() => {
  clearCookies();
  localStorage.clear();
  api = mockSessionsApi();
});

afterEach(() => {
  cleanup();
  // Server-rendered markup is put in the body by hand.
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const postalField = () => screen.getByRole('textbox', { name: 'Postal code' });
const countryField = () => screen.getByRole('combobox', { name: 'Country' });
const apply = () => screen.getByRole('button', { name: 'Apply' });

async function ready() {
  await waitFor(() => expect(api.calls.length).toBeGreaterThan(0));
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

describe('RegionPicker', () => {
  it('is a labelled form that works without JavaScript', async () => {
    renderWithSession(<RegionPicker />);
    const group = screen.getByRole('group', { name: 'Delivery region' });
    const form = group.closest('form')!;
    expect(form).toHaveAttribute('method', 'post');
    expect(form).toHaveAttribute('action', '/api/sessions/form');
    expect(countryField()).toHaveAttribute('name', 'country');
    expect(within(countryField()).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['BRA', 'USA']);
    expect(postalField()).toHaveAttribute('name', 'postalCode');
    expect(postalField()).toHaveAttribute('autocomplete', 'postal-code');
    expect(form.querySelector('input[type=hidden][name=redirect]')).toHaveValue('/');
    expect(screen.getByRole('status')).toHaveAttribute('aria-live', 'polite');
    await ready();
  });

  it('renders the no-JS form on the server, even for a known region', () => {
    const initialSession: SessionData = {
      id: 's',
      namespaces: { public: { country: { value: 'BRA' }, postalCode: { value: '05408-000' } }, checkout: { sellers: { value: JSON.stringify(SELLERS) } } },
    };
    const html = renderToString(tab(<RegionPicker redirectTo="/p/mug?color=red" errorCode="invalid_postal_code" />, { initialSession }).element);
    expect(html).toContain('method="post"');
    expect(html).toContain('action="/api/sessions/form"');
    expect(html).toMatch(/name="redirect" value="\/p\/mug\?color=red"/);
    expect(html).toContain('value="05408-000"');
    expect(html).toContain('Delivering to 05408-000 · sold by Loja A, Loja B');
    expect(html).toContain('That postal code is not valid for the chosen country');
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain('>Change<');
  });

  it('refuses a malformed code before sending, with the error tied to the field', async () => {
    const user = userEvent.setup();
    renderWithSession(<RegionPicker />);
    await ready();
    await user.type(postalField(), '0540');
    await user.click(apply());
    const error = await screen.findByText('“0540” is not a valid postal code for Brasil');
    expect(postalField()).toHaveAttribute('aria-invalid', 'true');
    expect(postalField()).toHaveAttribute('aria-describedby', error.id);
    expect(postalField()).toHaveAccessibleDescription('“0540” is not a valid postal code for Brasil');
    expect(postalField()).toHaveFocus();
    expect(api.patches()).toHaveLength(0);
  });

  it('checks the code with the chosen country rules', async () => {
    const user = userEvent.setup();
    renderWithSession(<RegionPicker />);
    await ready();
    await user.selectOptions(countryField(), 'USA');
    await user.type(postalField(), '05408-000');
    await user.click(apply());
    await screen.findByText('“05408-000” is not a valid postal code for United States');
    expect(api.patches()).toHaveLength(0);
  });

  it('asks for a code when the field is empty', async () => {
    const user = userEvent.setup();
    renderWithSession(<RegionPicker />);
    await ready();
    await user.click(apply());
    expect(await screen.findByText('Enter a postal code')).toBeInTheDocument();
    expect(api.patches()).toHaveLength(0);
  });

  it('shows a pending state, then who delivers, and moves focus to Change', async () => {
    const user = userEvent.setup();
    renderWithSession(<RegionPicker />);
    await ready();
    await user.type(postalField(), ' 05408-000 ');
    const held = api.hold();
    await user.click(apply());
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Updating your region…'));
    expect(apply()).toHaveAttribute('aria-disabled', 'true');
    expect(apply().closest('form')).toHaveAttribute('aria-busy', 'true');
    expect(api.patches()[0]!.body).toEqual({ public: { country: { value: 'BRA' }, postalCode: { value: '05408-000' } } });
    held.release();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Delivering to 05408-000 · sold by Loja A, Loja B'));
    const change = screen.getByRole('button', { name: 'Change' });
    await waitFor(() => expect(change).toHaveFocus());
    expect(change).toHaveAccessibleDescription('Delivering to 05408-000 · sold by Loja A, Loja B');
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('says so when no seller serves a valid code, and does not refresh a page that stays on its variant', async () => {
    const user = userEvent.setup();
    const { refresh } = renderWithSession(<RegionPicker />);
    await ready();
    await user.type(postalField(), '69900-000');
    await user.click(apply());
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('No seller delivers to 69900-000 yet'));
    // As the server answers: no checkout keys, a null regionId, so the fresh visitor's variant.
    expect(api.state.namespaces.checkout ?? {}).toEqual({});
    expect(JSON.parse(atob(document.cookie.match(/vtex_segment=([^;]+)/)![1]!)).regionId).toBeNull();
    expect(refresh).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Change' })).toHaveFocus());
  });

  it('refreshes the page when a code no seller serves replaces a served one', async () => {
    api.state.namespaces.public = { country: { value: 'BRA' }, postalCode: { value: '01310-100' } };
    await api.changeElsewhere({ postalCode: '05408-000' });
    const user = userEvent.setup();
    const { refresh } = renderWithSession(<RegionPicker />);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Delivering to 05408-000 · sold by Loja A, Loja B'));
    await user.click(screen.getByRole('button', { name: 'Change' }));
    await user.clear(postalField());
    await user.type(postalField(), '69900-000{Enter}');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('No seller delivers to 69900-000 yet'));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('shows the server error message and keeps what was typed', async () => {
    const user = userEvent.setup();
    renderWithSession(<RegionPicker />);
    await ready();
    await user.type(postalField(), '01310-100');
    api.failNext(400, 'invalid_postal_code', 'The region service refused 01310-100');
    await user.click(apply());
    expect(await screen.findByText('The region service refused 01310-100')).toBeInTheDocument();
    expect(postalField()).toHaveValue('01310-100');
    expect(postalField()).toHaveFocus();
    expect(postalField()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('says something useful when the network fails', async () => {
    const user = userEvent.setup();
    renderWithSession(<RegionPicker />);
    await ready();
    await user.type(postalField(), '01310-100');
    api.failNetwork();
    await user.click(apply());
    expect(await screen.findByText('We could not update your region. Please try again.')).toBeInTheDocument();
  });

  it('is usable with the keyboard alone: Change, type, Enter, Escape', async () => {
    api.state.namespaces.public = { country: { value: 'BRA' }, postalCode: { value: '01310-100' } };
    api.state.namespaces.checkout = { sellers: { value: JSON.stringify([SELLERS[0]]) } };
    const user = userEvent.setup();
    renderWithSession(<RegionPicker />);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Delivering to 01310-100 · sold by Loja A'));

    await user.tab();
    expect(screen.getByRole('button', { name: 'Change' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(postalField()).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Change' })).toHaveFocus();

    await user.keyboard('{Enter}');
    await user.clear(postalField());
    await user.type(postalField(), '05408-000{Enter}');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Delivering to 05408-000 · sold by Loja A, Loja B'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Change' })).toHaveFocus());
  });

  it('refreshes the page when the new code moves the shopper to another region', async () => {
    const user = userEvent.setup();
    const { refresh } = renderWithSession(<RegionPicker />);
    await ready();
    await user.type(postalField(), '05408-000');
    await user.click(apply());
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
  });

  it('renders a refused no-JS post on the server: what was typed, the country chosen, the error on the field', () => {
    const html = renderToString(
      tab(<RegionPicker redirectTo="/p/mug" errorCode="invalid_postal_code" submitted={{ country: 'USA', postalCode: '1310-10' }} />).element,
    );
    document.body.innerHTML = html;
    expect(postalField()).toHaveValue('1310-10');
    expect(countryField()).toHaveValue('USA');
    expect(postalField()).toHaveAttribute('aria-invalid', 'true');
    expect(postalField()).toHaveAccessibleDescription('“1310-10” is not a valid postal code for United States');
    expect(document.querySelector('input[name=redirect]')).toHaveValue('/p/mug');
  });

  it('asks for the postal code when a no-JS post came without one', () => {
    document.body.innerHTML = renderToString(tab(<RegionPicker errorCode="invalid_postal_code" submitted={{ country: 'USA', postalCode: '' }} />).element);
    expect(countryField()).toHaveValue('USA');
    expect(postalField()).toHaveAccessibleDescription('Enter a postal code');
  });

  it('says a refused no-JS post failed upstream in words, not codes', () => {
    document.body.innerHTML = renderToString(
      tab(<RegionPicker errorCode="region_service_unavailable" submitted={{ country: 'BRA', postalCode: '01310-100' }} />).element,
    );
    expect(postalField()).toHaveValue('01310-100');
    expect(postalField()).toHaveAccessibleDescription('We could not update your region. Please try again.');
  });

  it('gives focus to the picker mounted in its place when the page re-renders for a new variant', async () => {
    const user = userEvent.setup();
    const first = renderWithSession(<RegionPicker />);
    await ready();
    await user.type(postalField(), '05408-000{Enter}');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Change' })).toHaveFocus());
    // What router.refresh() does under app/[variant]/ when the variant changed: a new tree.
    first.unmount();
    expect(document.activeElement).toBe(document.body);
    renderWithSession(<RegionPicker />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Change' })).toHaveFocus());
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    // A new live region is announced when its text changes: it starts empty, then fills.
    await waitFor(() => expect(status).toHaveTextContent('Delivering to 05408-000 · sold by Loja A, Loja B'));
  });

  it('takes texts, countries and class names', async () => {
    const user = userEvent.setup();
    renderWithSession(
      <RegionPicker
        className="picker"
        classNames={{ input: 'picker-input', error: 'picker-error' }}
        countries={[{ code: 'BRA', label: 'Brasil' }]}
        texts={{
          legend: 'Região de entrega',
          country: 'País',
          postalCode: 'CEP',
          submit: 'Aplicar',
          invalidPostalCode: (code) => `${code} não é um CEP válido`,
          delivering: (code, sellers) => `Entregamos em ${code} · vendido por ${sellers.join(' e ')}`,
        }}
      />,
    );
    await ready();
    expect(screen.getByRole('group', { name: 'Região de entrega' }).closest('.picker')).not.toBeNull();
    const cep = screen.getByRole('textbox', { name: 'CEP' });
    expect(cep).toHaveClass('picker-input');
    await user.type(cep, '1');
    await user.click(screen.getByRole('button', { name: 'Aplicar' }));
    expect(await screen.findByText('1 não é um CEP válido')).toHaveClass('picker-error');
    await user.clear(cep);
    await user.type(cep, '05408000{Enter}');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Entregamos em 05408000 · vendido por Loja A e Loja B'));
  });
});
