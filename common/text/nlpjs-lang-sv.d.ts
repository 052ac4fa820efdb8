/** The one file of @nlpjs/lang-sv we use (the package ships no types): Snowball's Swedish stemmer. */
declare module '@nlpjs/lang-sv/src/stemmer-sv.js' {
  export default class StemmerSv {
    stemWord(word: string): string;
  }
}
