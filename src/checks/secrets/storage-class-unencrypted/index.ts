import { k8sDocs, nsa } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

/** Amazon EBS provisioners: the CSI driver and the in-tree plugin it replaced (migrated to CSI since 1.23). */
const EBS_PROVISIONERS = new Set(['ebs.csi.aws.com', 'kubernetes.io/aws-ebs']);

export default defineCheck({
  id: 'storage-class-unencrypted',
  title: 'StorageClass provisions Amazon EBS volumes without encryption',
  severity: 'low',
  category: 'secrets',
  target: 'storage-class',
  admission: true,
  description:
    'An Amazon EBS volume is encrypted only when the StorageClass that provisions it says so (parameters.encrypted: "true", exactly that string: the EBS CSI driver, which also provisions the in-tree kubernetes.io/aws-ebs classes since CSI migration, takes "True" or "1" as false) or when the AWS account turns on EBS encryption by default, which a manifest does not show. An unencrypted volume, and every snapshot of it, holds the data of the pods that use it (databases, queues, Secrets written to disk) in the clear on AWS storage. Other clouds\' disks (Azure Disk, Google Persistent Disk) are encrypted at rest whatever the StorageClass says, and other provisioners encrypt in ways a StorageClass does not show, so only EBS is judged.',
  remediation:
    'Set parameters.encrypted: "true" (the quoted lower-case string) on the StorageClass, with parameters.kmsKeyId to use a key of your own; StorageClass parameters cannot be changed, so create a new class and move volumes to it (existing volumes stay as they were provisioned). Turning on EBS encryption by default in the AWS account covers volumes of every class.',
  references: [
    nsa('Kubernetes Pod security: Protecting data at rest'),
    k8sDocs('Storage classes: AWS EBS', 'https://kubernetes.io/docs/concepts/storage/storage-classes/#aws-ebs'),
    k8sDocs('Amazon EBS CSI driver parameters', 'https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md'),
  ],
  run({ object, report }) {
    const provisioner = asString(object.body.provisioner);
    if (!provisioner || !EBS_PROVISIONERS.has(provisioner)) return;
    const parameters = asRecord(object.body.parameters);
    // The EBS CSI driver (which also serves the in-tree plugin's classes through CSI migration)
    // matches parameter names in any case and encrypts only for the exact value "true".
    const key = Object.keys(parameters ?? {}).find((k) => k.toLowerCase() === 'encrypted');
    const encrypted = key === undefined ? undefined : parameters?.[key];
    if (encrypted === 'true') return;
    const written = key === undefined ? 'sets no parameters.encrypted' : `sets parameters.${key}: ${JSON.stringify(encrypted)}`;
    report({
      path: key === undefined ? (parameters ? ['parameters'] : ['provisioner']) : ['parameters', key],
      message: `StorageClass "${object.name}" (${provisioner}) ${written}, so its EBS volumes are not encrypted unless the AWS account encrypts new volumes by default`,
    });
  },
});
