"""Source table of the concept lexicon: regenerate eligo/data/concepts.jsonl with
`python tools/make_lexicon.py`. Each row: id | kind | unit | codes | synonyms (the
first synonym is the preferred name). Codes are given only where certain."""

import json
from pathlib import Path

ROWS = r"""
age|demographic|a|loinc:30525-0|age;aged;years of age;years old;age at screening;age at enrollment
sex|demographic||loinc:76689-9|sex;gender
ecog|score||loinc:89247-1|ecog;ecog ps;ecog performance status;eastern cooperative oncology group performance status;eastern cooperative oncology group (ecog) performance status;eastern cooperative oncology group;eastern cooperative oncology group performance status (ecog ps);ps (ecog);ecog score;ecog performance score;who performance status;zubrod;zubrod performance status;performance status;ps
karnofsky|score||loinc:89243-0|karnofsky performance status;karnofsky;kps;karnofsky performance score;karnofsky performance scale;karnofsky score;karnofsky index
lansky|score|||lansky performance status;lansky;lansky play score
nyha|score|||nyha class;nyha;new york heart association;new york heart association class;nyha functional class;new york heart association functional class;new york heart association (nyha)
ctcae_grade|score|||ctcae grade;grade;ctc ae grade;ctcae;nci ctcae;common terminology criteria for adverse events;common terminology criteria (ctc) ae grade;ctc grade;nci-ctcae;toxicity grade
asa_class|score|||asa class;asa;american society of anesthesiologists;asa physical status
child_pugh|score|||child-pugh score;child-pugh;child pugh;child-pugh class
meld|score|||meld score;meld;model for end-stage liver disease
gleason|score|||gleason score;gleason;gleason sum
mmse|score|||mini-mental state examination;mmse;mini mental state examination;folstein mmse
moca|score|||montreal cognitive assessment;moca
gcs|score|||glasgow coma scale;gcs
charlson|score|||charlson comorbidity index;charlson
apache|score|||apache ii;apache ii score;apache
hads|score|||hospital anxiety and depression scale;hads
phq9|score|||phq-9;phq9;patient health questionnaire-9
edss|score|||expanded disability status scale;edss
nihss|score|||nih stroke scale;nihss;national institutes of health stroke scale
life_expectancy|observation|mo||life expectancy;expected survival;estimated survival;expected life span;survival expectancy;predicted survival
bmi|observation|kg/m2|loinc:39156-5|body mass index;bmi
weight|observation|kg|loinc:29463-7|body weight;weight
height|observation|cm|loinc:8302-2|height;body height
hemoglobin|observation|g/dL|loinc:718-7|hemoglobin;haemoglobin;hb;hgb;hemoglobin level;hemoglobin (hgb)
hematocrit|observation|%|loinc:4544-3|hematocrit;haematocrit;hct
anc|observation|10*9/L|loinc:751-8|absolute neutrophil count;anc;neutrophil count;neutrophils;absolute neutrophils;absolute granulocyte count;agc;neutrophil;absolute neutrophil count (anc)
platelets|observation|10*9/L|loinc:777-3|platelet count;platelets;plt;platelet;thrombocytes;platelet count (plt)
wbc|observation|10*9/L|loinc:6690-2|white blood cell count;wbc;leukocyte count;leukocytes;white blood cells;white blood cell;white cell count;wbc count
lymphocytes|observation|10*9/L|loinc:731-0|absolute lymphocyte count;lymphocyte count;lymphocytes;alc
total_bilirubin|observation|mg/dL|loinc:1975-2|total bilirubin;bilirubin;serum bilirubin;tbil;t-bil;serum total bilirubin;total serum bilirubin;tbili
direct_bilirubin|observation|mg/dL|loinc:1968-7|direct bilirubin;conjugated bilirubin
ast|observation|U/L|loinc:1920-8|aspartate aminotransferase;ast;sgot;aspartate transaminase;serum glutamic oxaloacetic transaminase;ast (sgot);sgot (ast);aspartate aminotransferase (ast)
alt|observation|U/L|loinc:1742-6|alanine aminotransferase;alt;sgpt;alanine transaminase;serum glutamic pyruvic transaminase;alt (sgpt);sgpt (alt);alanine aminotransferase (alt)
alp|observation|U/L|loinc:6768-6|alkaline phosphatase;alp;alk phos
ggt|observation|U/L|loinc:2324-2|gamma-glutamyl transferase;ggt;gamma glutamyl transferase;gamma-gt
albumin|observation|g/dL|loinc:1751-7|albumin;serum albumin
creatinine|observation|mg/dL|loinc:2160-0|serum creatinine;creatinine;cr;scr;creatinine level
creatinine_clearance|observation|mL/min|loinc:2164-2|creatinine clearance;crcl;clcr;calculated creatinine clearance;measured creatinine clearance;creatinine clearance (crcl)
egfr|observation|mL/min/{1.73_m2}|loinc:33914-3|estimated glomerular filtration rate;egfr;glomerular filtration rate;gfr;estimated gfr
inr|observation||loinc:6301-6|international normalized ratio;inr;international normalised ratio;pt/inr;pt-inr
prothrombin_time|observation|s|loinc:5902-2|prothrombin time;pt
aptt|observation|s|loinc:3173-2|activated partial thromboplastin time;aptt;ptt;partial thromboplastin time
fibrinogen|observation|mg/dL|loinc:3255-7|fibrinogen
lvef|observation|%|loinc:10230-1|left ventricular ejection fraction;lvef;ejection fraction;ef;lv ejection fraction;left ventricular ejection fraction (lvef)
qtc|observation|ms|loinc:8636-3|qtc interval;qtc;qtcf;corrected qt interval;qt interval;qtcb;fridericia-corrected qt interval;qt
systolic_blood_pressure|observation|mm[Hg]|loinc:8480-6|systolic blood pressure;sbp;systolic bp;systolic
diastolic_blood_pressure|observation|mm[Hg]|loinc:8462-4|diastolic blood pressure;dbp;diastolic bp;diastolic
blood_pressure|observation|mm[Hg]|loinc:85354-9|blood pressure;bp
heart_rate|observation|/min|loinc:8867-4|heart rate;pulse;pulse rate
oxygen_saturation|observation|%|loinc:59408-5|oxygen saturation;spo2;sao2;o2 saturation
hba1c|observation|%|loinc:4548-4|hemoglobin a1c;hba1c;glycated hemoglobin;a1c;glycosylated hemoglobin;haemoglobin a1c;hgba1c
glucose|observation|mg/dL|loinc:2345-7|glucose;fasting glucose;fasting plasma glucose;blood glucose;fpg;fasting blood glucose;plasma glucose
urine_protein_24h|observation|g/(24.h)|loinc:2889-4|24-hour urine protein;24-hour urinary protein;24 hour urine protein;24-hour urinary protein quantification;24 h urine protein;urine protein 24h;24-h urine protein;24-hour proteinuria;protein in 24-hour urine
urine_protein_dipstick|observation||loinc:20454-5|urine protein;urinary protein;proteinuria;urine dipstick protein;dipstick proteinuria;urine dipstick;urine protein dipstick;urinalysis protein
upcr|observation|mg/g||urine protein to creatinine ratio;upcr;urine protein/creatinine ratio;urine protein-to-creatinine ratio;protein/creatinine ratio;urine protein creatinine ratio
psa|observation|ng/mL|loinc:2857-1|prostate specific antigen;psa;prostate-specific antigen;serum psa
cd4|observation|/uL|loinc:24467-3|cd4 count;cd4;cd4+ t cell count;cd4 cell count;cd4+ count;cd4+ t-cell count;cd4 t cell count
hiv_viral_load|observation|{copies}/mL||hiv viral load;viral load;hiv rna;hiv-1 rna
hbv_dna|observation|[IU]/mL||hbv dna;hbv-dna;hepatitis b virus dna
hcv_rna|observation|[IU]/mL||hcv rna;hcv-rna;hepatitis c virus rna
testosterone|observation|ng/dL|loinc:2986-8|testosterone;serum testosterone;testosterone level
potassium|observation|mmol/L|loinc:2823-3|potassium;serum potassium;k+
sodium|observation|mmol/L|loinc:2951-2|sodium;serum sodium;na+
magnesium|observation|mg/dL|loinc:19123-9|magnesium;serum magnesium;mg2+
calcium|observation|mg/dL|loinc:17861-6|calcium;serum calcium;corrected calcium;ca2+
phosphate|observation|mg/dL||phosphate;phosphorus;serum phosphate
tsh|observation|m[IU]/L|loinc:3016-3|thyroid stimulating hormone;tsh;thyrotropin
lipase|observation|U/L|loinc:3040-3|lipase;serum lipase
amylase|observation|U/L|loinc:1798-8|amylase;serum amylase
troponin|observation|ng/L||troponin;troponin i;troponin t;ctni;ctnt
bnp|observation|pg/mL||brain natriuretic peptide;bnp;nt-probnp;n-terminal pro-b-type natriuretic peptide
ldh|observation|U/L|loinc:2532-0|lactate dehydrogenase;ldh
uric_acid|observation|mg/dL|loinc:3084-1|uric acid;serum uric acid
cholesterol|observation|mg/dL|loinc:2093-3|total cholesterol;cholesterol
ldl|observation|mg/dL||ldl cholesterol;ldl;ldl-c;low-density lipoprotein cholesterol
triglycerides|observation|mg/dL|loinc:2571-8|triglycerides;triglyceride;tg
ferritin|observation|ng/mL|loinc:2276-4|ferritin;serum ferritin
vitamin_d|observation|ng/mL||25-hydroxyvitamin d;vitamin d;25(oh)d
cortisol|observation|ug/dL||cortisol
creatine_kinase|observation|U/L||creatine kinase;cpk;ck
fev1|observation|L|loinc:20150-9|forced expiratory volume in 1 second;fev1;fev 1
fvc|observation|L||forced vital capacity;fvc
dlco|observation|%||dlco;diffusing capacity;diffusion capacity
tumor_size|observation|cm||tumor size;tumour size;tumor diameter;lesion size;longest diameter
ki67|observation|%||ki-67;ki67;ki 67
pdl1|observation|%||pd-l1 expression;pd-l1;pd-l1 tps;tumor proportion score;tps;combined positive score;cps
her2_status|observation|||her2;her-2;her2/neu;erbb2;human epidermal growth factor receptor 2;her2 status;her-2/neu
estrogen_receptor|observation|||estrogen receptor;er;oestrogen receptor;er status
progesterone_receptor|observation|||progesterone receptor;pr;pr status
hormone_receptor_status|observation|||hormone receptor;hr;hormone receptor (hr);hormone receptor status;hr status
egfr_mutation|observation|||egfr mutation;egfr-mutant;egfr mutations;epidermal growth factor receptor mutation
alk_rearrangement|observation|||alk rearrangement;alk;alk fusion;alk-positive
kras_mutation|observation|||kras mutation;kras
brca_mutation|observation|||brca mutation;brca1;brca2;brca
pregnancy_test|observation|||pregnancy test;serum pregnancy test;urine pregnancy test;beta-hcg;β-hcg;serum beta-hcg;hcg
hbsag|observation||loinc:5196-1|hepatitis b surface antigen;hbsag;hbs ag
hbv_core_antibody|observation|||hepatitis b core antibody;hbcab;anti-hbc
hcv_antibody|observation|||hepatitis c antibody;hcv antibody;anti-hcv;hcv ab
pack_years|observation|a||pack-years;pack years;pack-year
alcohol_intake|observation|||alcohol consumption;alcohol intake;drinks per week;drinks per day
blood_transfusion_dependence|observation|||transfusion dependence;transfusion-dependent
measurable_lesion|condition|||measurable lesion;measurable disease;measurable lesions;target lesion;target lesions;evaluable disease;measurable tumor lesion;measurable tumour lesion
breast_cancer|condition||snomed:254837009|breast cancer;carcinoma of the breast;invasive breast cancer;metastatic breast cancer;recurrent breast cancer;breast carcinoma;her2 positive breast cancer;her2-positive breast cancer;invasive breast carcinoma;recurrent or metastatic breast cancer
lung_cancer|condition|||lung cancer;non-small cell lung cancer;nsclc;small cell lung cancer;sclc;lung carcinoma;non small cell lung cancer
colorectal_cancer|condition|||colorectal cancer;colon cancer;rectal cancer;crc
prostate_cancer|condition|||prostate cancer;prostatic carcinoma;prostate carcinoma;castration-resistant prostate cancer;crpc
gastric_cancer|condition|||gastric cancer;stomach cancer;gastric adenocarcinoma;gastroesophageal junction adenocarcinoma
liver_cancer|condition|||hepatocellular carcinoma;hcc;liver cancer
pancreatic_cancer|condition|||pancreatic cancer;pancreatic adenocarcinoma;pancreatic ductal adenocarcinoma
ovarian_cancer|condition|||ovarian cancer;ovarian carcinoma;epithelial ovarian cancer
head_and_neck_cancer|condition|||head and neck cancer;head and neck squamous cell carcinoma;hnscc
glioma|condition|||glioma;glioblastoma;gbm;astrocytoma
melanoma|condition|||melanoma;malignant melanoma
lymphoma|condition|||lymphoma;non-hodgkin lymphoma;hodgkin lymphoma;diffuse large b-cell lymphoma;dlbcl
leukemia|condition|||leukemia;leukaemia;acute myeloid leukemia;aml;chronic lymphocytic leukemia;cll
multiple_myeloma|condition|||multiple myeloma;myeloma
malignancy|condition|||malignancy;malignant tumor;malignant tumors;malignant tumour;cancer;other malignancy;other malignancies;second primary malignancy;malignant disease;malignancies;other malignant tumors;another malignancy;prior malignancy;invasive malignancy;active malignancy;neoplasm;tumor;tumour
non_melanoma_skin_cancer|condition|||basal cell carcinoma;squamous cell carcinoma of the skin;non-melanoma skin cancer;nonmelanoma skin cancer;basal or squamous cell carcinoma of the skin;skin cancer
carcinoma_in_situ|condition|||carcinoma in situ;cervical carcinoma in situ;ductal carcinoma in situ;dcis;in situ carcinoma
cns_metastasis|condition|||central nervous system metastasis;cns metastasis;cns metastases;central nervous system metastases;brain metastases;brain metastasis;brain lesions;brain lesion;leptomeningeal disease;leptomeningeal metastases;meningeal metastases;metastatic brain disease
spinal_cord_compression|condition|||spinal cord compression;cord compression
bone_metastasis|condition|||bone metastases;bone metastasis;bone lesions;skeletal metastases
liver_metastasis|condition|||liver metastases;liver metastasis;hepatic metastases
metastatic_disease|condition|||metastatic disease;metastasis;metastases;distant metastasis;distant metastases
interstitial_lung_disease|condition||snomed:233703007|interstitial lung disease;ild;interstitial pneumonia;pneumonitis;pulmonary fibrosis;interstitial pneumonitis;interstitial lung disease/pneumonia;non-infectious pneumonitis;noninfectious pneumonitis
pulmonary_disease|condition|||pulmonary dysfunction;pulmonary disease;lung disease;respiratory disease;pulmonary dysfunction/disease;respiratory insufficiency
copd|condition||snomed:13645005|chronic obstructive pulmonary disease;copd
asthma|condition||snomed:195967001|asthma
hepatitis_b|condition||snomed:66071002|hepatitis b;hbv;chronic hepatitis b;hepatitis b infection;hbv infection;active hepatitis b
hepatitis_c|condition||snomed:50711007|hepatitis c;hcv;chronic hepatitis c;hepatitis c infection;hcv infection;active hepatitis c
viral_hepatitis|condition|||viral hepatitis;active viral hepatitis;hepatitis;active hepatitis
hiv_infection|condition||snomed:86406008|hiv infection;hiv;human immunodeficiency virus;hiv positivity;hiv positive;hiv-positive;hiv seropositive;known hiv;human immunodeficiency virus (hiv)
syphilis|condition|||syphilis;active syphilis
tuberculosis|condition||snomed:56717001|tuberculosis;tb;active tuberculosis
infection|condition|||infection;active infection;uncontrolled infection;serious infection;systemic infection;infections;severe infection;active infections;bacterial infection;fungal infection;viral infection
sepsis|condition|||sepsis;septicemia
covid_19|condition|||covid-19;sars-cov-2;sars-cov-2 infection;coronavirus disease
pneumonia|condition|||pneumonia
pregnancy|condition||snomed:77386006|pregnancy;pregnant;pregnant women;are pregnant;is pregnant
lactation|condition|||breastfeeding;breast-feeding;lactating;nursing;lactation;breast feeding
childbearing_potential|condition|||childbearing potential;women of childbearing potential;wocbp;child-bearing potential;females of childbearing potential
myocardial_infarction|condition||snomed:22298006|myocardial infarction;mi;heart attack;acute myocardial infarction
heart_failure|condition||snomed:84114007|congestive heart failure;chf;heart failure;cardiac failure;nyha class iii or iv heart failure
angina|condition|||unstable angina;angina;angina pectoris
arrhythmia|condition|||arrhythmia;cardiac arrhythmia;ventricular arrhythmia;arrhythmias;cardiac arrhythmias
atrial_fibrillation|condition||snomed:49436004|atrial fibrillation;af;afib
qt_prolongation|condition|||qt prolongation;long qt syndrome;prolonged qt;qtc prolongation
cardiomyopathy|condition|||cardiomyopathy
cardiovascular_disease|condition|||cardiovascular disease;cardiac disease;heart disease;cardiovascular diseases;cardiovascular disorder;cardiac disorder;cardiovascular disorders;cardiac diseases;cardiovascular condition
cerebrovascular_disease|condition|||cerebrovascular disease;cerebrovascular accident;cva;stroke;transient ischemic attack;tia;cerebral infarction
hypertension|condition||snomed:38341003|hypertension;high blood pressure;uncontrolled hypertension;arterial hypertension
diabetes|condition||snomed:73211009|diabetes;diabetes mellitus;type 2 diabetes;type 1 diabetes;type 2 diabetes mellitus;type 1 diabetes mellitus;t2dm;t1dm;diabetic
epilepsy|condition||snomed:84757009|epilepsy;seizure disorder;seizures;seizure
mental_disorder|condition|||mental disorder;mental disorders;psychiatric illness;psychiatric disorder;psychiatric disorders;mental illness;psychiatric disease;psychosis
depression|condition||snomed:35489007|depression;major depressive disorder;depressive disorder
schizophrenia|condition||snomed:58214004|schizophrenia
bipolar_disorder|condition|||bipolar disorder
dementia|condition|||dementia;alzheimer's disease;alzheimer disease;cognitive impairment
substance_abuse|condition|||substance abuse;drug abuse;alcohol abuse;alcoholism;drug addiction;substance use disorder;abuse of psychotropic drugs;alcohol or drug abuse;drug or alcohol abuse;alcohol dependence
autoimmune_disease|condition|||autoimmune disease;active autoimmune disease;autoimmune disorder;autoimmune diseases;autoimmune disorders
immunodeficiency|condition|||immunodeficiency;immune deficiency;immunodeficiency diseases;immunodeficiency disease;primary immunodeficiency;congenital immunodeficiency;acquired immunodeficiency
renal_failure|condition|||renal failure;kidney failure;end-stage renal disease;esrd;renal insufficiency;renal impairment;kidney disease;chronic kidney disease;ckd
liver_disease|condition|||liver disease;hepatic impairment;cirrhosis;liver cirrhosis;hepatic disease;liver dysfunction;hepatic insufficiency
bleeding_disorder|condition|||bleeding disorder;bleeding disorders;coagulation disorder;coagulation disorders;coagulopathy;bleeding diathesis;congenital bleeding;hemophilia;bleeding tendency;congenital bleeding and coagulation disorders
hemorrhage|condition|||hemorrhage;haemorrhage;bleeding;active bleeding;hemoptysis;gastrointestinal bleeding;gi bleeding
thrombosis|condition|||thrombosis;thromboembolism;venous thromboembolism;vte;thrombotic event;thromboembolic event;arterial thrombosis;arterial/deep vein thrombosis;arterial thromboembolism;thromboembolic events
deep_vein_thrombosis|condition||snomed:128053003|deep vein thrombosis;dvt;deep venous thrombosis
pulmonary_embolism|condition||snomed:59282003|pulmonary embolism;pe
allergy|condition|||hypersensitivity;allergy;allergic reaction;allergic;known hypersensitivity;allergies;severe hypersensitivity reactions;hypersensitivity reactions;severe allergic reactions
treatment_toxicity|condition|||toxicity;toxicities;toxic reactions;residual toxicity;adverse events;adverse reactions;unresolved toxicities;treatment-related toxicity
effusion|condition|||pleural effusion;ascites;pericardial effusion;third space fluid;interstitial fluid accumulation;third interstitial fluid accumulation;serous effusion;effusions
lymphangitic_carcinomatosis|condition|||lymphangitic carcinomatosis;cancerous lymphangitis;lymphangitis carcinomatosa
gi_perforation|condition|||gastrointestinal perforation;bowel perforation;gi perforation;fistula
bowel_obstruction|condition|||bowel obstruction;intestinal obstruction
malabsorption|condition|||malabsorption;inability to swallow;dysphagia;difficulty swallowing
peripheral_neuropathy|condition|||peripheral neuropathy;neuropathy
wound|condition|||non-healing wound;wound;ulcer;unhealed wound
fracture|condition|||fracture;bone fracture
anemia|condition|||anemia;anaemia
organ_dysfunction|condition|||organ dysfunction;organ failure
obesity|condition|||obesity;obese
peptic_ulcer|condition|||peptic ulcer;gastric ulcer
chemotherapy|treatment|||chemotherapy;cytotoxic chemotherapy;chemotherapy regimen;chemotherapy regimens;systemic chemotherapy;prior chemotherapy
systemic_anticancer_therapy|treatment|||systemic therapy;systemic anti-tumor therapy;anticancer therapy;anti-cancer therapy;antitumor therapy;anti-tumor therapy;systemic treatment;systemic anticancer treatment;anti-cancer treatment;anticancer treatment;systemic anticancer therapy;anti-tumor treatment;cancer therapy;cancer treatment;anti-neoplastic therapy;antineoplastic therapy
radiotherapy|treatment|||radiation therapy;radiotherapy;radiation;irradiation;palliative radiotherapy;radiation treatment;rt;stereotactic radiosurgery;whole brain radiotherapy
endocrine_therapy|treatment|||endocrine therapy;hormonal therapy;hormone therapy;endocrine treatment;first-line endocrine therapy;hormonal treatment;anti-hormonal therapy
immunotherapy|treatment|||immunotherapy;immune checkpoint inhibitor;immune checkpoint inhibitors;checkpoint inhibitor;checkpoint inhibitors;anti-pd-1;anti-pd-l1;anti-ctla-4;pd-1 inhibitor;pd-l1 inhibitor
targeted_therapy|treatment|||targeted therapy;tyrosine kinase inhibitor;tki;tyrosine kinase inhibitors;targeted agents
adjuvant_therapy|treatment|||adjuvant therapy;adjuvant chemotherapy;adjuvant treatment;(new) adjuvant therapy;adjuvant
neoadjuvant_therapy|treatment|||neoadjuvant therapy;neoadjuvant chemotherapy;neoadjuvant treatment;neo-adjuvant therapy
investigational_agent|treatment|||investigational drug;investigational agent;investigational product;experimental drug;investigational therapy;investigational agents;investigational drugs;investigational medicinal product;research drug;study medication
corticosteroid|treatment|||corticosteroids;steroids;systemic corticosteroids;steroid;corticosteroid;prednisone;dexamethasone;glucocorticoids;steroid medication;steroid therapy;hormone therapy to achieve immunosuppression
immunosuppressant|treatment|||immunosuppressive therapy;immunosuppressants;immunosuppressive agents;immunosuppressive drugs;immunosuppressive medication;immunosuppressive treatment;immunosuppression
anticoagulant|treatment|||anticoagulants;anticoagulation;anticoagulant;warfarin;heparin;low molecular weight heparin;anticoagulant therapy
antiplatelet|treatment|||antiplatelet therapy;antiplatelet agents;aspirin;clopidogrel
anthracycline|treatment|||anthracyclines;anthracycline;doxorubicin;epirubicin;anthracycline-based chemotherapy
taxane|treatment|||taxanes;taxane;paclitaxel;docetaxel;nab-paclitaxel
platinum|treatment|||platinum-based chemotherapy;platinum;cisplatin;carboplatin;oxaliplatin;platinum-based
trastuzumab|treatment|||trastuzumab;herceptin
pertuzumab|treatment|||pertuzumab
capecitabine|treatment|||capecitabine
monoclonal_antibody|treatment|||monoclonal antibodies;monoclonal antibody;mab
antibody_drug_conjugate|treatment|||antibody conjugate;antibody-drug conjugate;antibody drug conjugate;adc;antibody conjugate therapy;antibody-drug conjugates
topoisomerase_inhibitor|treatment|||topoisomerase i inhibitors;topoisomerase i inhibitor;topoisomerase inhibitor;irinotecan;topotecan
cyp3a4_modulator|treatment|||strong cyp3a4 inhibitors;cyp3a4 inhibitors;strong cyp3a4 inducers;cyp3a4 inducers;cyp3a inhibitors
live_vaccine|treatment|||live vaccine;live vaccines;live attenuated vaccine;live attenuated vaccines
blood_transfusion|treatment|||blood transfusion;transfusion;red blood cell transfusion;platelet transfusion
growth_factor|treatment|||growth factor;g-csf;granulocyte colony-stimulating factor;colony-stimulating factor;erythropoietin;hematopoietic growth factors
antibiotics|treatment|||antibiotics;antibiotic;antimicrobial therapy;intravenous antibiotics
antiepileptic|treatment|||antiepileptic drugs;anticonvulsants;antiepileptic;anti-epileptic drugs;antiepileptics
traditional_chinese_medicine|treatment|||traditional chinese medicine;traditional chinese patent medicines;chinese herbal medicine;traditional chinese patent medicines and simple preparations
herbal_supplement|treatment|||herbal medicine;herbal supplements;herbal remedies;dietary supplements
bisphosphonate|treatment|||bisphosphonates;bisphosphonate;denosumab;zoledronic acid
insulin|treatment|||insulin;insulin therapy
metformin|treatment|||metformin
opioid|treatment|||opioids;opioid;opioid analgesics;morphine
antiretroviral_therapy|treatment|||antiretroviral therapy;haart;antiretroviral
antiviral_therapy|treatment|||antiviral therapy;antiviral treatment;antiviral drugs
hormone_replacement|treatment|||hormone replacement therapy;hrt
contraception|treatment|||contraception;effective contraception;contraceptive;birth control;highly effective contraception
hemodialysis|procedure|||hemodialysis;haemodialysis;dialysis
peritoneal_dialysis|procedure|||peritoneal dialysis
stem_cell_transplant|procedure|||allogeneic stem cell transplant;allogeneic stem cell transplantation;autologous stem cell transplant;stem cell transplantation;bone marrow transplantation;bone marrow transplant;allogeneic bone marrow transplantation;hematopoietic stem cell transplantation;hsct;allogeneic transplant;autologous transplant
organ_transplant|procedure|||solid organ transplantation;organ transplant;organ transplantation;solid organ transplant;transplantation
major_surgery|procedure|||major surgery;major surgical procedure;major surgical treatment;major surgical procedures;major operation;surgery;surgical resection;surgical procedure
biopsy|procedure|||open biopsy;biopsy;core biopsy
endoscopy|procedure|||endoscopy;colonoscopy
trauma|event|||traumatic injury;significant traumatic injury;trauma;major trauma;injury
clinical_trial_participation|event|||clinical trials;clinical trial;other clinical trials;another clinical trial;another investigational study;investigational study;participation in another clinical trial;interventional study;other clinical studies
recurrence|event|||recurrence;relapse;disease progression;progression;recurrence/metastasis;progressive disease;disease recurrence;relapsed
hospitalization|event|||hospitalization;hospitalisation;hospital admission
vaccination|event|||vaccination;vaccine;immunization
blood_donation|event|||blood donation;donated blood
"""


def rows():
    for line in ROWS.strip().splitlines():
        ident, kind, unit, codes, synonyms = line.split("|")
        names = [s.strip() for s in synonyms.split(";") if s.strip()]
        code_map = dict(part.split(":", 1) for part in codes.split(",") if part)
        yield {"id": ident, "name": names[0], "kind": kind, "unit": unit or None, "codes": code_map, "synonyms": names[1:]}


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "eligo" / "data" / "concepts.jsonl"
    target.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows()), encoding="utf-8")
    print(f"{sum(1 for _ in rows())} concepts written to {target}")
