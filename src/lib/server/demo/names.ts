/** Name parts for the demo province: common Kinh family names and some Tày/Nùng/Dao ones of the north. */
export const FAMILY_NAMES = [
	'Nguyễn',
	'Trần',
	'Lê',
	'Phạm',
	'Hoàng',
	'Phan',
	'Vũ',
	'Đặng',
	'Bùi',
	'Đỗ',
	'Hồ',
	'Ngô',
	'Dương',
	'Lý',
	'Đinh',
	'Lương',
	'Triệu',
	'Hà',
	'Nông',
	'Ma',
	'Lục',
	'Âu',
	'Đàm',
	'Chu'
];
export const MALE_MIDDLE = [
	'Văn',
	'Đức',
	'Hữu',
	'Minh',
	'Quang',
	'Công',
	'Xuân',
	'Thanh',
	'Đình',
	'Tiến'
];
export const FEMALE_MIDDLE = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Thị Thu', 'Kim'];
export const MALE_GIVEN = [
	'Anh',
	'Bắc',
	'Cường',
	'Dũng',
	'Đạt',
	'Hải',
	'Hùng',
	'Khánh',
	'Long',
	'Mạnh',
	'Nam',
	'Phong',
	'Quân',
	'Sơn',
	'Thắng',
	'Toàn',
	'Trung',
	'Tuấn',
	'Việt',
	'Vinh',
	'Lộc',
	'Ước',
	'Ất',
	'Định'
];
export const FEMALE_GIVEN = [
	'Hà',
	'Hạnh',
	'Hằng',
	'Hoa',
	'Hương',
	'Lan',
	'Liên',
	'Linh',
	'Mai',
	'Nga',
	'Nhung',
	'Phương',
	'Thảo',
	'Thủy',
	'Trang',
	'Yến',
	'Xuân',
	'Oanh',
	'Ánh',
	'Ngân'
];

/** The demo province's communes, wards and agency committee, each with its party cells. */
export const DEMO_TREE = {
	code: 'SH',
	name: 'Đảng bộ tỉnh Sơn Hà',
	children: [
		{
			code: 'SH-TL',
			name: 'Đảng bộ xã Tân Lập',
			kind: 'commune',
			cells: [
				'Chi bộ thôn Đồng Chùa',
				'Chi bộ thôn Làng Mới',
				'Chi bộ thôn Khuổi Bốc',
				'Chi bộ thôn Nà Cọ',
				'Chi bộ thôn Bản Pài',
				'Chi bộ thôn Tân Thành',
				'Chi bộ Trường THCS Tân Lập',
				'Chi bộ Trạm Y tế xã'
			]
		},
		{
			code: 'SH-MK',
			name: 'Đảng bộ phường Minh Khai',
			kind: 'ward',
			cells: [
				'Chi bộ tổ dân phố 1',
				'Chi bộ tổ dân phố 2',
				'Chi bộ tổ dân phố 3',
				'Chi bộ tổ dân phố 4',
				'Chi bộ tổ dân phố 5',
				'Chi bộ tổ dân phố 6',
				'Chi bộ tổ dân phố 7',
				'Chi bộ Công an phường'
			]
		},
		{
			code: 'SH-HP',
			name: 'Đảng bộ xã Hòa Phú',
			kind: 'commune',
			cells: [
				'Chi bộ thôn Đông',
				'Chi bộ thôn Đoài',
				'Chi bộ thôn Trung',
				'Chi bộ thôn Gò Gạo',
				'Chi bộ thôn Phú An',
				'Chi bộ thôn Cầu Gỗ',
				'Chi bộ Trường Tiểu học Hòa Phú'
			]
		},
		{
			code: 'SH-YT',
			name: 'Đảng bộ xã Yên Thịnh',
			kind: 'commune',
			cells: [
				'Chi bộ thôn Yên Bình',
				'Chi bộ thôn Yên Hòa',
				'Chi bộ thôn Khe Lánh',
				'Chi bộ thôn Nậm Tha',
				'Chi bộ thôn Bản Lù',
				'Chi bộ thôn Suối Hoa'
			]
		},
		{
			code: 'SH-CQ',
			name: 'Đảng bộ các cơ quan Đảng tỉnh',
			kind: 'committee',
			grassroots: [
				{
					code: 'SH-CQ-VP',
					name: 'Đảng bộ Văn phòng Tỉnh ủy',
					cells: [
						'Chi bộ Phòng Tổng hợp',
						'Chi bộ Phòng Hành chính – Tài chính',
						'Chi bộ Phòng Quản trị'
					]
				},
				{
					code: 'SH-CQ-TC',
					name: 'Đảng bộ Ban Tổ chức Tỉnh ủy',
					cells: ['Chi bộ Phòng Tổ chức đảng – đảng viên', 'Chi bộ Phòng Bảo vệ chính trị nội bộ']
				}
			],
			cells: ['Chi bộ Báo Sơn Hà', 'Chi bộ Trường Chính trị tỉnh']
		}
	]
} as const;
