import { formatMoney, type Price as PriceData } from '../_store/commerce';

const TABLE_LABELS: Record<string, string> = { 'b2b-gold': 'B2B Gold price' };

export function Price({ price, size = 'normal' }: { price: PriceData; size?: 'normal' | 'large' }) {
  const format = (minor: number) => formatMoney(minor, price.currency, price.culture);
  return (
    <div className={size === 'large' ? 'price price--large' : 'price'} data-price-table={price.table} data-currency={price.currency}>
      {price.listAmount !== null && (
        <>
          <span className="price__table">{TABLE_LABELS[price.table] ?? price.table}</span>
          <span className="price__list">
            <span className="visually-hidden">Public price </span>
            {format(price.listAmount)}
          </span>
        </>
      )}
      <span className="price__amount" data-testid="price">
        {format(price.amount)}
      </span>
    </div>
  );
}
