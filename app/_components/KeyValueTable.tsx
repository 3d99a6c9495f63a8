export function KeyValueTable({ rows, caption, testId }: { rows: [string, string | null | undefined][]; caption?: string; testId?: string }) {
  return (
    <table className="kv" data-testid={testId}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{value ?? <span className="muted">null</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
