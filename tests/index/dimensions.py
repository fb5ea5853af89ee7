"""The five dimensions the tests (and the browser test) build from the seed plan."""

# The seed plan's indicators by dimension (names as the plan writes them); PM2.5 and 重污染天数
# are lower-is-better. 23 indicators in five dimensions.
FIVE_DIMENSIONS = {
    "创新": ["全社会研发经费占GDP比重", "万人有效发明专利拥有量", "新增高新技术企业", "新增“专精特新”中小企业", "新增省级以上研发机构"],
    "产业": ["地区生产总值", "“四新”经济增加值占比", "规模以上信息传输、软件和信息技术服务业规模", "未来网络产业集群规模", "累计建成5G基站"],
    "绿色低碳": ["PM2.5浓度", "空气质量优良天数比率", "重污染天数", "新增市级及以上绿色工厂"],
    "开放": ["实际使用外资", "新增区域性总部", "认定市级总部", "累计新增市场主体"],
    "民生": ["职业学校毕业生就业率", "普惠园覆盖率", "家庭医生签约服务率", "千人口托位数", "优质教育资源覆盖率"],
}  # fmt: skip
LOWER = {"PM2.5浓度", "重污染天数"}
