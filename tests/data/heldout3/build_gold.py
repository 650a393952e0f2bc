"""Build gold.jsonl for the third held-out set from hand annotations.

Each document lists its figures in reading order as `text value qualifier indicator subject`
(`-` for an empty indicator, `~` for a null value). Offsets are found by searching each
text after the previous one, never inside a longer number, so the annotations stay readable
and the offsets are always those of the file as read with newline="".
Run `python build_gold.py` to rewrite gold.jsonl.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
UNITS = sorted(
    [
        "个百分点",
        "人次",
        "户次",
        "场次",
        "批次",
        "家",
        "个",
        "人",
        "名",
        "户",
        "场",
        "次",
        "期",
        "份",
        "项",
        "支",
        "篇",
        "件",
        "册",
        "笔",
        "条",
        "所",
        "批",
        "座",
        "处",
        "台",
        "间",
        "起",
        "辆",
        "元",
        "%",
        "戶",
        "場",
        "個",
        "項",
        "萬",
        "億",
        "餘",
    ],
    key=len,
    reverse=True,
)
MARKS = "xX×Ｘ*"
NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十百千万两xX×Ｘ*.]")

ANNOTATIONS = {
    "h3_01_qingchuan-county-2023.txt": """
41家 41 exact new_union_orgs 新组建基层工会
26家 26 exact - 单独建会
15家 15 exact - 联合建会
138家 138 exact new_union_units 覆盖企业
2916人 2916 exact new_members 吸收会员
1780人 1780 exact - 农民工会员
642名 642 exact - 新入会职工
1126个 1126 exact union_orgs_total 全县共有基层工会组织
5.83万人 58300 exact members_total 工会会员
91.6% 91.6 exact membership_rate 职工入会率
3期 3 exact - 基层工会主席培训班
420人次 420 exact - 培训工会干部
503份 503 exact collective_contracts 签订集体合同
212份 212 exact - 工资专项集体合同
168份 168 exact - 女职工权益保护专项集体合同
1350家 1350 exact collective_contract_firms 覆盖企业
4.7万人 47000 exact collective_contract_workers 覆盖职工
2次 2 exact - 县劳动关系三方联席会议
386万元 3860000 exact relief_funds 送温暖资金
2140人 2140 exact relief_workers 走访慰问困难职工、一线职工和农民工
187户 187 exact hardship_workers 建档困难职工
94.5万元 945000 exact relief_funds 帮扶资金
73名 73 exact student_aid 资助困难职工子女
29.2万元 292000 exact - 助学金
42万元 420000 exact cooling_funds 送清凉投入资金
8600余人次 8600 over cooling_workers 慰问高温作业职工
52名 52 exact health_checks 省市级劳模健康体检
310人 310 exact recuperation 一线职工疗休养
12个 12 exact rest_stations 新建工会驿站
9个 9 exact mother_rooms 母婴室
6家 6 exact worker_libraries 职工书屋
4家 4 exact innovation_studios 县级劳模创新工作室
2人 2 exact - 省五一劳动奖章
3家 3 exact - 市五一劳动奖状
86篇 86 exact - 工会新闻稿件
30家 30 exact new_union_orgs 新建工会组织
2000人 2000 exact new_members 发展会员
220份 220 exact collective_contracts 工资专项集体合同
10个 10 exact rest_stations 新建户外劳动者服务站点
""",
    "h3_02_liuxi-town-2024h1.txt": """
7家 7 exact new_union_orgs 单独建会企业
3个 3 exact new_union_orgs 联合建会
1个 1 exact new_union_orgs 新建村（社区）工会联合会
386名 386 exact new_members 吸纳新会员
112名 112 exact - 新就业形态劳动者
19家 19 exact - 完成换届选举的基层工会
6家 6 exact - 办理法人资格登记
14份 14 exact collective_contracts 新签工资专项集体合同
2260人 2260 exact collective_contract_workers 覆盖职工
48户 48 exact relief_workers 走访慰问困难职工
9.6万元 96000 exact relief_funds 慰问金
3户 3 exact - 因病致困职工家庭
2.4万元 24000 exact - 大病救助
5场 5 exact legal_events “法律进企业”宣讲活动
1200余份 1200 over - 宣传资料
36人次 36 exact - 职工法律咨询
2个 2 exact - 新建“职工之家”
1个 1 exact rest_stations 爱心驿站
2间 2 exact mother_rooms 改造提升母婴室
4场 4 exact - 职工篮球赛、拔河比赛等活动
600余人 600 over - 参与职工
320名 320 exact - 女职工“两癌”免费筛查
3场 3 exact - 女职工素质提升讲座
2家 2 exact collective_contract_firms 签订女职工权益保护专项集体合同的企业
6.8万元 68000 exact consumption_aid 购买结对帮扶村农副产品
12户 12 exact - 脱贫户
200人 200 exact new_members 新发展会员
500人次 500 exact cooling_workers 夏送清凉慰问一线职工
10名左右 10 about student_aid 金秋助学资助困难职工子女
2期 2 exact - 岗位技能培训
150人次 150 exact skills_training 培训职工
""",
    "h3_03_linjiang-jinqiu-news.txt": """
138名 138 exact student_aid “金秋助学”圆梦学子
56.8万元 568000 exact - 助学资金
138名 138 exact student_aid 资助困难职工家庭子女
96名 96 exact - 考入本科院校学生
42名 42 exact - 专科院校学生
5000元 5000 exact - 每人助学金
2000元 2000 exact - 每人助学金
23个 23 exact - 街道（乡镇）
410余家 410 over - 走访核实企业
165份 165 exact - 申请材料
1160余万元 11600000 over - 累计筹集资金
4300余人次 4300 over - 累计资助困难职工子女
80个 80 exact job_posts 提供见习岗位
15名 15 exact - 市级以上劳动模范
3万元 30000 exact model_worker_funds 劳模慰问金
19名 19 exact - 快递员、外卖骑手子女
260余名 260 over - 回访往届受助学生
30名左右 30 about student_aid 再资助困难职工子女
""",
    "h3_04_beichuan-songqingliang-news.txt": """
312万元 3120000 exact cooling_funds 防暑降温资金
486家 486 exact - 走访高温作业、户外作业企业
4.2万人次 42000 exact cooling_workers 慰问一线职工
96万元 960000 exact - 市总工会本级投入资金
1.1万人次 11000 exact - 重点慰问环卫工人、建筑工人、快递外卖骑手等群体
216万元 2160000 exact - 各县（市、区）总工会投入
645个 645 exact rest_stations 户外劳动者服务站点
38个 38 exact rest_stations 新增清凉驿站
超过26万人次 260000 over - 累计服务
12场 12 exact - “清凉义诊”
920名 920 exact health_checks 户外劳动者免费健康检查
60万元 600000 exact cooling_funds 清凉物资
5.6万元 56000 exact cooling_funds 防暑降温用品
1300余人 1300 over cooling_workers 覆盖一线职工
38家 38 exact - 重点企业
9场 9 exact - 防暑降温知识讲座
5支 5 exact - “清凉医疗队”
1.2万名 12000 exact - 网约配送员购买意外伤害保险
8000份 8000 exact - “清凉包”
""",
    "h3_05_dongyang-legal-2023.txt": """
46场 46 exact legal_events 法治讲座
5800余人次 5800 over - 受众职工
18场 18 exact legal_events 以案释法活动
22次 22 exact legal_events 农民工公益法律服务活动
1360人次 1360 exact - 法律咨询
2.1万份 21000 exact - 普法资料
15篇 15 exact - 维权典型案例报道
312件 312 exact labour_disputes 受理劳动争议案件
1640人 1640 exact - 涉及职工
2860万元 28600000 exact - 涉案金额
298件 298 exact labour_disputes 办结
95.5% 95.5 exact - 结案率
214件 214 exact - 调解成功
71.8% 71.8 exact - 调解成功率
1320万元 13200000 exact - 追回工资及经济补偿金
520起 520 exact labour_disputes 调处劳动纠纷
87件 87 exact - 法律援助案件
140份 140 exact - 代写法律文书
460余万元 4600000 over - 挽回经济损失
2期 2 exact - 工会法律工作者业务培训班
180人次 180 exact - 培训调解员和劳动法律监督员
12名 12 exact - 公益律师
230家 230 exact - 检查用人单位
64个 64 exact - 劳动用工问题
7个 7 exact - “工会+法院”诉调对接工作室
136件 136 exact labour_disputes 诉前调解劳动纠纷
3200余人 3200 over - 法律知识竞赛参赛职工
2860个 2860 exact - 职工来电
1920个 1920 exact - 法律咨询类来电
46件 46 exact - 投诉
98.6% 98.6 exact - 回访满意率
40场以上 40 over legal_events 法治宣传进企业活动
75%以上 75 over - 调解成功率
""",
    "h3_06_nanxi-trad-songwennuan.txt": """
２１８萬元 2180000 exact relief_funds 送溫暖資金
３２６０人 3260 exact relief_workers 走訪慰問困難職工、勞動模範和一線職工
１９６戶 196 exact - 在檔困難職工
５８.８萬元 588000 exact - 慰問金
６個 6 exact - 慰問組
１３個 13 exact - 鄉鎮
４０餘家 40 over - 企業
２７名 27 exact - 困難勞模
２０００元 2000 exact - 每人慰問金
５.４萬元 54000 exact model_worker_funds 困難勞模慰問金
２８００份 2800 exact - 新春慰問品
約４２萬元 420000 about relief_funds 新春慰問品價值
３場 3 exact job_fairs 「春風行動」專場招聘會
８６家 86 exact - 進場企業
２４００餘個 2400 over job_posts 就業崗位
５１０人 510 exact - 達成就業意向
３６萬元 360000 exact cooling_funds 「送清涼」投入資金
５８００餘人次 5800 over cooling_workers 慰問高溫作業職工
８６００名 8600 exact medical_mutual_members 參加職工醫療互助
１０２萬元 1020000 exact medical_mutual_payout 賠付互助金
４６件 46 exact labour_disputes 受理勞動爭議案件
４４件 44 exact labour_disputes 辦結
３２００人次 3200 exact skills_training 職工技能培訓
１２０名 120 exact recuperation 一線職工和勞模療休養
５８名 58 exact student_aid 資助困難職工子女
１７.４萬元 174000 exact - 助學金
６１２個 612 exact union_orgs_total 基層工會組織
４.２萬人 42000 exact members_total 會員
３５家 35 exact new_union_orgs 新建工會組織
２１００餘人 2100 over new_members 新發展會員
５家 5 exact worker_libraries 新建職工書屋
８個 8 exact rest_stations 工會驛站
１８家 18 exact - 小微企業
２６.３萬元 263000 exact small_firm_refund 返還工會經費
""",
    "h3_07_masked-jiedao-shuzhi.txt": """
XX家 ~ exact new_union_orgs 新建基层工会
XX家 ~ exact new_union_units 覆盖单位
XXX人 ~ exact new_members 发展会员
XX人 ~ exact - 新就业形态劳动者
x家 ~ exact - 基层工会换届
X家 ~ exact - 楼宇工会规范化建设
X份 ~ exact collective_contracts 工资专项集体合同
XX家 ~ exact collective_contract_firms 覆盖企业
XXXX人 ~ exact collective_contract_workers 覆盖职工
XX户 ~ exact relief_workers 两节走访慰问困难职工
X.X万元 ~ exact relief_funds 慰问金
X户 ~ exact hardship_workers 在档困难职工
X名 ~ exact student_aid 资助困难职工子女
XXXX名 ~ exact medical_mutual_members 参加职工医疗互助
XX.X万元 ~ exact medical_mutual_payout 参保金额
XX人次 ~ exact - 报销
X.X万元 ~ exact medical_mutual_payout 互助金
XXX人次 ~ exact cooling_workers 慰问户外劳动者和高温作业职工
X万余元 ~ over cooling_funds 防暑降温物资
X家 ~ exact worker_libraries 新建职工书屋
X个 ~ exact rest_stations 爱心驿站
X个 ~ exact mother_rooms 爱心妈妈小屋
XX场 ~ exact - 职工文体活动
XXXX余人次 ~ over - 服务职工
X次 ~ exact - 讲党课
XX场次 ~ exact - 工会干部学习培训
XX篇 ~ exact - 媒体发表信息
XX万元 ~ exact dues_collected 税务代收工会经费
XX家 ~ exact - 小微企业
XX.X万元 ~ exact small_firm_refund 返还工会经费
X万元 ~ exact consumption_aid 采购脱贫地区农产品
XX家 ~ exact new_union_orgs 新建工会组织
XXX人 ~ exact new_members 新发展会员
X个 ~ exact rest_stations 新建爱心驿站
X场 ~ exact legal_events 法律宣传活动
""",
    "h3_08_huatai-enterprise-2023.txt": """
4项 4 exact - 议案
58件 58 exact - 职工提案
41件 41 exact - 立案办理
1份 1 exact collective_contracts 《工资专项集体合同》
1份 1 exact collective_contracts 《女职工权益保护专项集体合同》
3862人 3862 exact collective_contract_workers 覆盖全体员工
186期 186 exact - 岗位技能培训
9640人次 9640 exact skills_training 参训员工
11个 11 exact - 竞赛项目
1270人 1270 exact skills_competition_workers 职工技能运动会参赛员工
42人 42 exact - 获评“技术能手”
11家 11 exact innovation_studios 劳模创新工作室
2家 2 exact - 省级
37项 37 exact - 技术革新项目
2100余万元 21000000 over - 经济效益
26家 26 exact ankang_cup_firms “安康杯”竞赛参赛二级单位
3700余人 3700 over - 参与员工
430条 430 exact - 隐患
3790人 3790 exact health_checks 员工健康体检
5批次 5 exact - 一线员工疗休养
268人 268 exact recuperation 一线员工疗休养
14万元 140000 exact - 升级改造职工书屋投入
3家 3 exact worker_libraries 升级改造职工书屋
2个 2 exact mother_rooms 新建母婴室
32户 32 exact relief_workers 走访慰问困难员工
12.8万元 128000 exact relief_funds 慰问金
36万元 360000 exact cooling_funds 防暑降温用品
216名 216 exact - 员工过集体生日
4.3万元 43000 exact - 生日慰问品
1120名 1120 exact - 女员工“两癌”免费筛查
6场 6 exact - 女员工心理健康讲座
800余人 800 over - 参与女员工
3560名 3560 exact medical_mutual_members 参加职工医疗互助
27.6万元 276000 exact medical_mutual_payout 申领互助金
48万元 480000 exact consumption_aid 采购对口帮扶县农特产品
1万人次 10000 exact skills_training 员工技能培训
10个 10 exact - “职工小家”
十件 10 exact - 实事
""",
    "h3_09_city-quanweihui-report.txt": """
1236家 1236 exact new_union_orgs 新建工会组织
8.9万人 89000 exact new_members 新发展会员
3.2万人 32000 exact - 新就业形态劳动者
1.86万个 18600 exact union_orgs_total 基层工会组织
142.6万人 1426000 exact members_total 会员总数
91.3% 91.3 exact membership_rate 职工入会率
1.8个百分点 1.8 exact - 比上年提高
90%以上 90 over - 集体合同签订率
8170份 8170 exact collective_contracts 新签订集体合同
112万人 1120000 exact collective_contract_workers 覆盖职工
1960件 1960 exact labour_disputes 参与调处劳动争议
82% 82 exact - 调解成功率
7.92亿元 792000000 exact dues_collected 税务代收工会经费
6.5% 6.5 exact - 同比增长
11200家 11200 exact - 小微企业
1.36亿元 136000000 exact small_firm_refund 返还工会经费
1.12亿元 112000000 exact relief_funds 送温暖资金
36.5万人次 365000 exact relief_workers 慰问职工
2860万元 28600000 exact cooling_funds 送清凉资金
52万人次 520000 exact cooling_workers 惠及职工
2350名 2350 exact student_aid 资助困难职工子女
2.43亿元 243000000 exact consumption_aid 购买、帮销脱贫地区农产品
68.7万人 687000 exact medical_mutual_members 职工医疗互助参保职工
1.05亿元 105000000 exact medical_mutual_payout 支付互助金
9.6万人次 96000 exact - 受益职工
1800余项 1800 over - 劳动和技能竞赛
超过120万人次 1200000 over skills_competition_workers 参赛职工
30家 30 exact innovation_studios 新命名市级劳模创新工作室
260名 260 exact - 培育“技术能手”
182个 182 exact rest_stations 新建工会驿站
1210个 1210 exact rest_stations 全市总数
60家 60 exact worker_libraries 新建职工书屋
2.1万人 21000 exact recuperation 职工疗休养
146个 146 exact mother_rooms 新建母婴室
12个 12 exact - 省级示范母婴室
4.6万名 46000 exact - 女职工“两癌”免费筛查
3960份 3960 exact collective_contracts 女职工权益保护专项集体合同
56期 56 exact - 工会干部培训班
6800人次 6800 exact - 培训工会干部
420余篇 420 over - 媒体发稿
1000家以上 1000 over new_union_orgs 新建工会组织
8万人 80000 exact new_members 发展会员
100个 100 exact rest_stations 新建工会驿站
""",
    "h3_10_shiqiao-target-completion.txt": """
40家 40 exact - 新建基层工会年度目标
46家 46 exact new_union_orgs 新建基层工会实际完成
115% 115 exact - 完成率
3000人 3000 exact - 新发展工会会员年度目标
3412人 3412 exact new_members 新发展工会会员实际完成
150份 150 exact - 工资专项集体合同年度目标
163份 163 exact collective_contracts 实际签订
1.24万人 12400 exact collective_contract_workers 覆盖职工
128户 128 exact hardship_workers 在档困难职工
63.5万元 635000 exact relief_funds 帮扶资金
45人 45 exact student_aid 资助困难职工子女
15.6万元 156000 exact - 助学金
5000人次 5000 exact - 职工技能培训年度目标
5830人次 5830 exact skills_training 职工技能培训完成
16个 16 exact rest_stations 户外劳动者服务站点新建
74个 74 exact rest_stations 累计建成
96件 96 exact labour_disputes 受理案件
81件 81 exact - 调解成功
420人 420 exact recuperation 一线职工疗休养
65人 65 exact - 劳模、先进工作者
210家 210 exact ankang_cup_firms 安康杯参赛企业
2.6万人 26000 exact - 覆盖职工
1120家 1120 exact - 走访企业
8600余人次 8600 over - 走访职工
340条 340 exact - 职工意见建议
26家 26 exact - 建立职工互助保障制度的企业
4300名 4300 exact medical_mutual_members 参加医疗互助
386万元 3860000 exact consumption_aid 采购对口帮扶地区特色农产品
8场 8 exact legal_events 《工会法》《劳动合同法》专题讲座
6次 6 exact legal_events “法律服务进园区”活动
5家 5 exact worker_libraries 新建职工书屋
7个 7 exact mother_rooms 母婴室
4家 4 exact innovation_studios 区级职工创新工作室
28万元 280000 exact cooling_funds 防暑降温物资
5600人次 5600 exact cooling_workers 慰问户外劳动者和高温作业职工
3家 3 exact innovation_studios 劳模创新工作室新增
6家 6 exact - 年度目标
""",
    "h3_11_anping-chunfeng-news.txt": """
9场 9 exact job_fairs 线上线下招聘会
4场 4 exact - “直播带岗”专场
312家 312 exact - 用人单位
6800余个 6800 over job_posts 就业岗位
4200人次 4200 exact - 进场求职人员
1350人 1350 exact - 达成就业意向
2个 2 exact - “春风驿站”
5600余人次 5600 over - 服务返岗人员
18辆 18 exact - 大巴车
760人 760 exact - 输送农民工返岗
14期 14 exact - 职业技能培训班
680人 680 exact skills_training 培训农民工和下岗职工
560人 560 exact - 取得职业技能等级证书
18万元 180000 exact - 就业补贴资金
180名 180 exact - 困难职工实现再就业
2场 2 exact job_fairs “巾帼就业”专场招聘会
560个 560 exact job_posts 提供岗位
212人 212 exact - 现场达成意向
10个 10 exact - 乡镇
15场 15 exact job_fairs 招聘会
1.1万个 11000 exact job_posts 提供岗位
3200余名 3200 over - 农民工实现就近就业
430条 430 exact - 企业用工需求信息
20场 20 exact job_fairs 举办招聘会
1.5万个 15000 exact job_posts 提供岗位
1000人次以上 1000 over skills_training 农民工技能培训
""",
    "h3_12_city-education-union-2023.txt": """
1.36万名 13600 exact health_checks 教职工健康体检
2100名 2100 exact - 女教职工“两癌”筛查
3批 3 exact - 疗休养批次
480人次 480 exact recuperation 优秀教师、一线班主任疗休养
12场 12 exact - 教职工心理健康讲座
3000余人 3000 over - 受益教职工
89户 89 exact hardship_workers 困难教职工档案
316人 316 exact relief_workers 慰问困难教职工和退休老教师
31.6万元 316000 exact relief_funds 慰问金及慰问品
5名 5 exact - 患重病教职工
4.5万元 45000 exact - 大病救助金
527万元 5270000 exact consumption_aid 消费帮扶金额
1200余户 1200 over - 惠及脱贫户
15个 15 exact mother_rooms 新建母婴室
4个 4 exact - 市级示范母婴室
11家 11 exact worker_libraries 新建“教工书屋”
214个 214 exact - “职工小家”
32支 32 exact - 代表队
1100余名 1100 over - 运动员
60余场 60 over - 合唱比赛、读书分享会等活动
2期 2 exact - 基层工会主席、经审委员培训班
148人 148 exact - 培训
23篇 23 exact - 刊发稿件
100% 100 exact - 教代会建制率
46份 46 exact collective_contracts 教职工工资专项集体合同
2.3万人 23000 exact collective_contract_workers 覆盖教职工
860人 860 exact skills_competition_workers 教学基本功大赛参赛教师
40名 40 exact - 一等奖
80名 80 exact - 二等奖
9场 9 exact legal_events 《教师法》《劳动合同法》法治讲座
6件 6 exact labour_disputes 受理劳动人事争议调解案件
37名 37 exact student_aid 资助困难教职工子女
9.8万元 98000 exact cooling_funds 防暑降温物品
1.4万人 14000 exact health_checks 教职工健康体检
10个 10 exact mother_rooms 新建母婴室
""",
    "h3_13_jiangcheng-bangfu-center.txt": """
273户 273 exact hardship_workers 在档困难职工
41户 41 exact - 深度困难职工
118户 118 exact - 相对困难职工
114户 114 exact - 意外致困职工
97户 97 exact - 解困脱困职工
486.3万元 4863000 exact relief_funds 帮扶资金
218万元 2180000 exact - 生活救助金
142.5万元 1425000 exact - 医疗救助金
125.8万元 1258000 exact - 助学救助金
1460户次 1460 exact relief_workers 走访慰问困难职工家庭
186名 186 exact - 患病困难职工报销
7660元 7660 exact - 人均救助
212人次 212 exact student_aid 资助在档困难职工子女
94人 94 exact - 大学生
37名 37 exact - 失业困难职工
29人 29 exact - 稳定就业
1.95万名 19500 exact medical_mutual_members 参加住院医疗互助
390万元 3900000 exact medical_mutual_payout 筹集互助资金
2680人次 2680 exact - 互助金赔付
318万元 3180000 exact medical_mutual_payout 赔付金额
14个 14 exact - 街道
28名 28 exact - 专职帮扶工作人员
1350人次 1350 exact - 接待来访职工
980件 980 exact - 帮扶事项
12万元 120000 exact cooling_funds 防暑降温物品
2400人次 2400 exact cooling_workers 慰问一线职工
35名 35 exact student_aid 资助考入大学的困难职工子女
14万元 140000 exact - 助学金
12家 12 exact - 爱心企业
36万元 360000 exact relief_funds 社会帮扶资金
450万元以上 4500000 over relief_funds 帮扶资金
100% 100 exact - 享受帮扶政策
""",
    "h3_14_yunzhou-zhendi-news.txt": """
57个 57 exact rest_stations 新建工会驿站
428个 428 exact rest_stations 工会驿站总数
96个 96 exact - 星级驿站
超过150万人次 1500000 over - 服务户外劳动者
365家 365 exact worker_libraries 累计建成各级职工书屋
12家 12 exact - 全国示范职工书屋
47家 47 exact - 省级示范职工书屋
近80万册 800000 under - 图书
24家 24 exact worker_libraries 新建职工书屋
40台 40 exact - 电子书屋设备
312个 312 exact mother_rooms 标准化母婴室
41个 41 exact mother_rooms 今年新增
26个 26 exact mother_rooms 爱心托管班
1800余名 1800 over - 托管职工子女
186家 186 exact innovation_studios 劳模和工匠人才创新工作室
20家 20 exact innovation_studios 新命名市级创新工作室
530项 530 exact - 创新成果
112件 112 exact - 国家专利
14个 14 exact rest_stations “司机之家”
4.8万人次 48000 exact - 货车司机休息、洗浴服务
1860万元 18600000 exact - 阵地建设资金
620万元 6200000 exact - 上级补助资金
10个 10 exact - “最美工会驿站”
2万元 20000 exact - 每个奖补资金
50个 50 exact rest_stations 新建工会驿站
20家 20 exact worker_libraries 职工书屋
350个 350 over mother_rooms 母婴室总数
""",
    "h3_15_hanyang-liangjie-news.txt": """
5630万元 56300000 exact relief_funds 送温暖资金
12.6万人次 126000 exact relief_workers 走访慰问困难职工、困难劳模、一线职工、新就业形态劳动者等各类群体
860万元 8600000 exact - 市总工会本级安排资金（全市各级工会5630万元的一级，规则 15）
2300户 2300 exact - 慰问困難職工（全市12.6万人次的一级，规则 15）
2000元 2000 exact - 每户慰问金
386名 386 exact - 困难劳模、老劳模
77.2万元 772000 exact model_worker_funds 劳模慰问金
3.2万份 32000 exact - “暖心礼包”
268个 268 exact - 工会驿站
1200名 1200 exact health_checks 一线职工免费体检
6场 6 exact legal_events 法律知识讲座
430人次 430 exact - 法律咨询
36家 36 exact - 经营困难企业
180万元 1800000 exact - 稳岗留工帮扶资金
20名 20 exact - 老工会工作者
12场 12 exact job_fairs 专场招聘会
8000个以上 8000 over job_posts 提供岗位
""",
}


def _unit(text: str) -> str:
    core = re.sub(r"(?:余|餘|多|以上|左右)+$", "", text)
    unit = next((u for u in UNITS if core.endswith(u)), "")
    return "元" if core.endswith("元") else unit  # measure words as written (戶, 個, 場)


def _find(content: str, text: str, pos: int) -> int:
    while True:
        at = content.find(text, pos)
        if at < 0:
            raise ValueError(f"{text!r} not found after {pos}")
        if at == 0 or not NUMERAL.match(content[at - 1]) or text[0] in "近超約约":
            return at
        pos = at + 1


def build() -> list[dict]:
    rows = []
    for doc, block in ANNOTATIONS.items():
        with open(HERE / doc, encoding="utf-8", newline="") as fh:
            content = fh.read()
        pos = 0
        for line in block.strip().splitlines():
            text, value, qual, ind, subject = line.split(" ", 4)
            start = _find(content, text, pos)
            pos = start + len(text)
            rows.append(
                {
                    "doc": doc,
                    "start": start,
                    "end": pos,
                    "text": text,
                    "value": None if value == "~" else json.loads(value),
                    "unit": _unit(text),
                    "qualifier": qual,
                    "placeholder": any(c in text for c in MARKS),
                    "subject": subject,
                    "indicator": "" if ind == "-" else ind,
                }
            )
    return rows


if __name__ == "__main__":
    out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build())
    (HERE / "gold.jsonl").write_text(out, encoding="utf-8")
