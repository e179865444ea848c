/**
 * Region codes for the place names Chinese IP databases answer with
 * (ip2region, 纯真/qqwry and the like): a province of China becomes its ISO
 * 3166-2 code (`广东省` → `CN-GD`), any other country its ISO 3166-1
 * alpha-2 code (`美国` → `US`), as enterprises' `salesRegion` holds them.
 */

/** ISO 3166-2:CN subdivision codes by the province's short name. */
const CHINA_PROVINCES: ReadonlyMap<string, string> = new Map([
  ["北京", "CN-BJ"],
  ["天津", "CN-TJ"],
  ["河北", "CN-HE"],
  ["山西", "CN-SX"],
  ["内蒙古", "CN-NM"],
  ["辽宁", "CN-LN"],
  ["吉林", "CN-JL"],
  ["黑龙江", "CN-HL"],
  ["上海", "CN-SH"],
  ["江苏", "CN-JS"],
  ["浙江", "CN-ZJ"],
  ["安徽", "CN-AH"],
  ["福建", "CN-FJ"],
  ["江西", "CN-JX"],
  ["山东", "CN-SD"],
  ["河南", "CN-HA"],
  ["湖北", "CN-HB"],
  ["湖南", "CN-HN"],
  ["广东", "CN-GD"],
  ["广西", "CN-GX"],
  ["海南", "CN-HI"],
  ["重庆", "CN-CQ"],
  ["四川", "CN-SC"],
  ["贵州", "CN-GZ"],
  ["云南", "CN-YN"],
  ["西藏", "CN-XZ"],
  ["陕西", "CN-SN"],
  ["甘肃", "CN-GS"],
  ["青海", "CN-QH"],
  ["宁夏", "CN-NX"],
  ["新疆", "CN-XJ"],
  ["台湾", "CN-TW"],
  ["香港", "CN-HK"],
  ["澳门", "CN-MO"],
]);

/** Endings of full province names: `广东省`, `北京市`, `广西壮族自治区`, `香港特别行政区`. */
const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;

/**
 * Short country names the databases use where CLDR's Chinese names are
 * longer or older. Regions (`欧洲`, `亚太地区`) and withdrawn codes (`安的列斯`)
 * have none, so they resolve to no region.
 */
const COUNTRY_ALIASES: ReadonlyMap<string, string> = new Map([
  ["阿联酋", "AE"],
  ["巴勒斯坦", "PS"],
  ["刚果金", "CD"],
  ["刚果布", "CG"],
  ["马其顿", "MK"],
  ["波黑", "BA"],
  ["孟加拉", "BD"],
  ["中非", "CF"],
  ["多米尼加", "DO"],
  ["留尼旺", "RE"],
  ["圣马丁", "MF"],
  ["托克劳群岛", "TK"],
  ["瓦利斯和富图纳群岛", "WF"],
  ["法国南部领地", "TF"],
  ["南乔治亚岛和南桑威奇群岛", "GS"],
  ["蒙塞拉特岛", "MS"],
]);

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** Codes CLDR names that are no country: the EU, the euro area, the UN, pseudo-locales, "unknown". */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

/**
 * Every current ISO 3166-1 alpha-2 code by its simplified-Chinese name,
 * from the runtime's CLDR data (Node ships it in full), plus the aliases
 * above. Built once, on the first foreign address.
 */
function countryCodesByName(): ReadonlyMap<string, string> {
  const names = new Intl.DisplayNames(["zh-Hans"], { type: "region", fallback: "none" });
  const byName = new Map<string, string>();
  for (const first of LETTERS) {
    for (const second of LETTERS) {
      const code = `${first}${second}`;
      if (NOT_COUNTRIES.has(code)) continue;
      const name = names.of(code);
      // Withdrawn codes share their successor's name (DD, East Germany: 德国): keep the current one.
      const current = Intl.getCanonicalLocales(`und-${code}`)[0]?.slice(4) ?? code;
      if (name !== undefined) byName.set(name, current);
    }
  }
  for (const [name, code] of COUNTRY_ALIASES) byName.set(name, code);
  return byName;
}

let countries: ReadonlyMap<string, string> | undefined;

/**
 * The region code of a place: a province of China as ISO 3166-2 (`CN-GD`),
 * another country as ISO 3166-1 alpha-2 (`US`), or `null` when it cannot be
 * told. A Chinese address without a known province is `null`, not `CN`:
 * compared with an enterprise's `CN-GD` it would raise a false diversion
 * alert.
 */
export function regionCodeOf(country: string, province: string): string | null {
  if (country === "中国") {
    return CHINA_PROVINCES.get(province.trim().replace(PROVINCE_SUFFIX, "")) ?? null;
  }
  countries ??= countryCodesByName();
  const code = countries.get(country.trim());
  return code === undefined || code === "CN" ? null : code;
}
