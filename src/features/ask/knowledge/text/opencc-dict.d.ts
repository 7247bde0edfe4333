// opencc-js exports its dictionaries as modules (`opencc-js/dict/STCharacters` …: one "source target|…"
// string each) but ships no declarations for them.
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
