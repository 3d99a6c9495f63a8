export default function Home() {
  return <main><h1>Demo store</h1></main>;
}
