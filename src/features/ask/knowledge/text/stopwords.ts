/**
 * Function words of the supported languages. Latin ones are applied to every Latin token (stems must not
 * depend on the detected language, or cross-lingual matches would break); CJK ones to segmenter words.
 */
export const LATIN_STOPWORDS = new Set(
  [
    // en
    "a an and are as at be by can could do does did for from get got have has how i if in into is it its me my of on or our please the then there this to was we what when where which who why will with you your can't cannot doesn't don't isn't won't not no yes so any all some",
    // de
    'der die das den dem des ein eine einer einem einen und oder ist sind wird werden wurde kann können konnte wie was warum wo wer ich mich mir mein meine meinen meiner du sie es wir ihr zu zum zur mit von vom bei auf aus für im in an am als auch nicht kein keine nach über unter um so dass man sich gibt es',
    // en contractions and connectives (typed with or without the apostrophe)
    "but didn't didnt didn doesnt dont isnt cant wont aren't arent wasn't wasnt haven't havent hasn't hasnt couldn't couldnt shouldn't shouldnt wouldn't wouldnt ain't i'm im i've ive we're we've it's that's there's what's here now than that these those because since though although anyway anyways btw imo fyi lol",
    // en fillers of chat questions
    'also just like really real quick today yesterday tonight about around roughly approximately barely quickly anyone someone somebody know need needs want wants wanted trying try tried help pls plz thanks thx hi hello hey guys folks tips way ways thing things stuff one ones us them they he she him her his hers am been being were should would might must may shall very too much many lot lots getting go going gets keep keeps kinda sorta ok okay nah yeah yep super totally basically actually even',
    // de fillers
    'bitte danke hallo heute gestern zwar etwa ungefähr circa ca jemand einfach mal eigentlich schon gerade immer wieder doch denn ja nein halt bei uns unser unsere unseren dann da dort hier etwas was tun muss müssen soll sollte will möchte möchten',
    // intensifiers: "extrem langsam", "insanely slow", "väldigt seg" say how much, never what about
    'extrem extremely incredibly insanely ridiculously terribly awfully painfully sehr echt richtig total völlig voll mega krass wahnsinnig ziemlich unglaublich extremt väldigt otroligt sjukt riktigt jävligt himla',
    // sv fillers
    'fast trots ändå idag igår ungefär cirka runt nån någon något några bara typ liksom ju väl nu då här där också redan hela tiden alltid vill måste behöver tack hej snälla vår våra vårt oss dom',
    // sv
    'och att det är en ett som på av för med till den de om hur jag mig min mitt mina vad varför var när kan inte ingen har hade ska skulle vi ni du man sig så eller från efter vid under över finns går får',
  ]
    .join(' ')
    .split(/\s+/),
);

export const CJK_STOPWORDS = new Set(
  'の は が を に で と も か や へ ね よ な 本当に 本当 ほんとに 真的 から まで より など ます です でした ください する して した される されて いる いた ある あり ない なり なる こと もの よう ため それ これ どう どの どのように どうすれば 方法 場合 ですか ますか でしょうか 的 了 嗎 吗 呢 吧 啊 喔 是 我 你 他 在 和 與 与 及 或 如何 怎麼 怎么 怎樣 怎么样 怎麼辦 怎么办 什麼 什么 為什麼 为什么 這 这 那 個 个 們 们 要 會 会 能 可以 請 请 一下 嗎？ 有沒有 有没有 是否 從 从 把 被 給 给 到'.split(
    /\s+/,
  ),
);
