/**
 * The Finnish (`kauppa`) and Swedish (`butik`) demo catalogs npm start
 * serves: product types written in each language (compounds as shops name
 * them: nahkasohva, kulmasohva, sohvapöytä; lädersoffa, soffbord, golvlampa)
 * across furniture, lighting, textiles, kitchen, sauna and garden, each in
 * several brands, colours and materials. Deterministic: the same catalog on
 * every start.
 */
import type { ProductInput } from './catalog.js';

interface ProductType {
  /** The product word, nominative singular. */
  noun: string;
  productClass: string;
  categoryPath: string[];
}

interface Language {
  currency: string;
  brands: string[];
  colours: string[];
  materials: string[];
  /** "<brand> <material> <noun>, <colour>" in the language's word order. */
  name: (brand: string, material: string, noun: string, colour: string) => string;
  types: ProductType[];
}

const FI_TYPES: Array<[string[], string, string[]]> = [
  [['sohva', 'nahkasohva', 'kulmasohva', 'vuodesohva', 'divaanisohva', 'kangassohva'], 'Sohvat', ['Huonekalut', 'Olohuone', 'Sohvat']],
  [['sohvapöytä', 'sivupöytä'], 'Sohvapöydät', ['Huonekalut', 'Olohuone', 'Pöydät']],
  [['ruokapöytä', 'jatkopöytä'], 'Ruokapöydät', ['Huonekalut', 'Ruokailu', 'Pöydät']],
  [['tuoli', 'ruokatuoli', 'baarituoli', 'nojatuoli', 'keinutuoli'], 'Tuolit', ['Huonekalut', 'Ruokailu', 'Tuolit']],
  [['sänky', 'parisänky', 'kerrossänky', 'jenkkisänky'], 'Sängyt', ['Huonekalut', 'Makuuhuone', 'Sängyt']],
  [['kaappi', 'vaatekaappi', 'vitriinikaappi', 'lipasto'], 'Kaapit', ['Huonekalut', 'Säilytys', 'Kaapit']],
  [['hylly', 'kirjahylly', 'seinähylly'], 'Hyllyt', ['Huonekalut', 'Säilytys', 'Hyllyt']],
  [['työpöytä', 'sähköpöytä'], 'Työpöydät', ['Huonekalut', 'Työhuone', 'Työpöydät']],
  [['valaisin', 'lattiavalaisin', 'kattovalaisin', 'riippuvalaisin', 'seinävalaisin'], 'Valaisimet', ['Valaistus', 'Valaisimet']],
  [['pöytälamppu', 'lattialamppu', 'lukulamppu'], 'Lamput', ['Valaistus', 'Lamput']],
  [['matto', 'villamatto', 'käytävämatto', 'räsymatto'], 'Matot', ['Tekstiilit', 'Matot']],
  [['tyyny', 'sohvatyyny', 'koristetyyny'], 'Tyynyt', ['Tekstiilit', 'Tyynyt']],
  [['pyyhe', 'kylpypyyhe', 'käsipyyhe', 'saunapyyhe'], 'Pyyhkeet', ['Tekstiilit', 'Pyyhkeet']],
  [['verho', 'pimennysverho'], 'Verhot', ['Tekstiilit', 'Verhot']],
  [['peitto', 'torkkupeitto'], 'Peitot', ['Tekstiilit', 'Peitot']],
  [['kattila', 'paistinpannu', 'valurautapannu'], 'Kattilat ja pannut', ['Keittiö', 'Kattilat ja pannut']],
  [['lautanen', 'kulho', 'muki'], 'Astiat', ['Keittiö', 'Astiat']],
  [['kiuas', 'sähkökiuas', 'puukiuas'], 'Kiukaat', ['Sauna', 'Kiukaat']],
  [['kiulu', 'löylykauha', 'laudeliina'], 'Saunatarvikkeet', ['Sauna', 'Saunatarvikkeet']],
  [['puutarhatuoli', 'aurinkotuoli', 'puutarhapöytä', 'puutarhasohva'], 'Puutarhakalusteet', ['Puutarha', 'Puutarhakalusteet']],
  [['ruukku', 'kukkaruukku', 'amppeli'], 'Ruukut', ['Puutarha', 'Ruukut']],
];

const SV_TYPES: Array<[string[], string, string[]]> = [
  [['soffa', 'lädersoffa', 'hörnsoffa', 'bäddsoffa', 'divansoffa', 'tygsoffa'], 'Soffor', ['Möbler', 'Vardagsrum', 'Soffor']],
  [['soffbord', 'sidobord'], 'Soffbord', ['Möbler', 'Vardagsrum', 'Bord']],
  [['matbord', 'bord', 'klaffbord'], 'Matbord', ['Möbler', 'Matrum', 'Bord']],
  [['stol', 'matstol', 'barstol', 'fåtölj', 'gungstol'], 'Stolar', ['Möbler', 'Matrum', 'Stolar']],
  [['säng', 'dubbelsäng', 'våningssäng', 'kontinentalsäng'], 'Sängar', ['Möbler', 'Sovrum', 'Sängar']],
  [['skåp', 'garderob', 'vitrinskåp', 'byrå'], 'Skåp', ['Möbler', 'Förvaring', 'Skåp']],
  [['hylla', 'bokhylla', 'vägghylla'], 'Hyllor', ['Möbler', 'Förvaring', 'Hyllor']],
  [['skrivbord', 'höj- och sänkbart skrivbord'], 'Skrivbord', ['Möbler', 'Arbetsrum', 'Skrivbord']],
  [['lampa', 'golvlampa', 'taklampa', 'bordslampa', 'vägglampa', 'läslampa'], 'Lampor', ['Belysning', 'Lampor']],
  [['taklampa', 'pendellampa'], 'Taklampor', ['Belysning', 'Taklampor']],
  [['matta', 'ullmatta', 'gångmatta', 'trasmatta'], 'Mattor', ['Textilier', 'Mattor']],
  [['kudde', 'prydnadskudde', 'soffkudde'], 'Kuddar', ['Textilier', 'Kuddar']],
  [['handduk', 'badhandduk', 'handduk för bastu'], 'Handdukar', ['Textilier', 'Handdukar']],
  [['gardin', 'mörkläggningsgardin'], 'Gardiner', ['Textilier', 'Gardiner']],
  [['pläd', 'täcke'], 'Plädar och täcken', ['Textilier', 'Plädar och täcken']],
  [['kastrull', 'stekpanna', 'gjutjärnspanna'], 'Kastruller och pannor', ['Kök', 'Kastruller och pannor']],
  [['tallrik', 'skål', 'mugg'], 'Porslin', ['Kök', 'Porslin']],
  [['bastuaggregat', 'vedeldat bastuaggregat', 'elektriskt bastuaggregat'], 'Bastuaggregat', ['Bastu', 'Bastuaggregat']],
  [['bastuhink', 'bastuskopa', 'bastulakan'], 'Bastutillbehör', ['Bastu', 'Bastutillbehör']],
  [['trädgårdsstol', 'solstol', 'trädgårdsbord', 'trädgårdssoffa'], 'Trädgårdsmöbler', ['Trädgård', 'Trädgårdsmöbler']],
  [['kruka', 'blomkruka', 'ampel'], 'Krukor', ['Trädgård', 'Krukor']],
];

const FINNISH: Language = {
  currency: 'EUR',
  brands: ['Aalto', 'Kivi', 'Lumo', 'Saari', 'Tuuli', 'Virta', 'Halla', 'Ranta'],
  colours: ['harmaa', 'musta', 'valkoinen', 'sininen', 'vihreä', 'beige', 'ruskea', 'punainen'],
  materials: ['tammi', 'koivu', 'mänty', 'sametti', 'pellava', 'villa', 'teräs', 'rottinki'],
  name: (brand, material, noun, colour) => `${brand} ${material} ${noun}, ${colour}`,
  types: FI_TYPES.flatMap(([nouns, productClass, categoryPath]) => nouns.map((noun) => ({ noun, productClass, categoryPath }))),
};

const SWEDISH: Language = {
  currency: 'SEK',
  brands: ['Alva', 'Berg', 'Dal', 'Ek', 'Fjell', 'Lund', 'Sjö', 'Vik'],
  colours: ['grå', 'svart', 'vit', 'blå', 'grön', 'beige', 'brun', 'röd'],
  materials: ['ek', 'björk', 'furu', 'sammet', 'linne', 'ull', 'stål', 'rotting'],
  name: (brand, material, noun, colour) => `${brand} ${noun} i ${material}, ${colour}`,
  types: SV_TYPES.flatMap(([nouns, productClass, categoryPath]) => nouns.map((noun) => ({ noun, productClass, categoryPath }))),
};

function catalog(language: Language, prefix: string, variants: number): ProductInput[] {
  const products: ProductInput[] = [];
  language.types.forEach((type, t) => {
    for (let v = 0; v < variants; v += 1) {
      const n = products.length + 1;
      const brand = language.brands[(t + v) % language.brands.length] as string;
      const colour = language.colours[(t * 3 + v) % language.colours.length] as string;
      const material = language.materials[(t + v * 5) % language.materials.length] as string;
      products.push({
        id: String(n),
        sku: `${prefix}-${String(n).padStart(5, '0')}`,
        name: language.name(brand, material, type.noun, colour),
        description: null,
        // Stable prices: a type's base times a variant factor.
        price: Math.round((19 + ((t * 37 + v * 53) % 97) * 9.5) * 100) / 100,
        currency: language.currency,
        categoryPath: type.categoryPath,
        productClass: [type.productClass],
        brand,
        imageUrl: null,
        attributes: [
          { name: 'colour', value: colour },
          { name: 'material', value: material },
        ],
      });
    }
  });
  return products;
}

/** At least 300 Finnish products (`kauppa`). */
export const finnishCatalog = (): ProductInput[] => catalog(FINNISH, 'FI', 5);
/** At least 300 Swedish products (`butik`). */
export const swedishCatalog = (): ProductInput[] => catalog(SWEDISH, 'SV', 5);
