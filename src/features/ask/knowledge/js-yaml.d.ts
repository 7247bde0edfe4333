// js-yaml 4 ships no type declarations; only `load` is used (knowledge/*.yaml → unknown, validated by zod).
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
